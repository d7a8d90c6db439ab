<?php
// A real PHP SoapClient (ext-soap) calling 4.2.1 on a running gateway, built from the served
// WSDL, with the UniBSSHead set as a SOAP header the way PHP users do.
// Usage: php php_query.php <wsdl-url> <service-number> <collect-province> <bill-cycle>
// Prints one JSON line: the response head's RspCode and TransIDH, and parts of the body.
[$script, $wsdl, $number, $collect, $cycle] = $argv;
$ns = 'http://ucrm.chinaunicom.cn/vol10';
$now = gmdate('YmdHis', time() + 8 * 3600);
$client = new SoapClient($wsdl, ['trace' => true, 'exceptions' => true, 'cache_wsdl' => WSDL_CACHE_NONE]);
$head = [
  'OrigDomain' => 'PBSS', 'HomeDomain' => 'UCRM', 'BIPCode' => 'BIP1004', 'BIPVer' => '0100', 'ActivityCode' => 'T100421',
  'ActionCode' => '0', 'RouteType' => '01', 'RouteValue' => $number, 'ProcID' => 'PHP-' . $now, 'TransIDO' => 'PHP-' . $now,
  'ProcessTime' => $now, 'TestFlag' => '1', 'MsgSender' => 'BILL' . $collect, 'MsgReceiver' => 'UCRM',
];
$client->__setSoapHeaders([new SoapHeader($ns, 'UniBSSHead', $head)]);
$outHeaders = [];
$rsp = $client->__soapCall('QueryRemoteAccount', [['ServiceNumber' => $number, 'CollectProvince' => $collect, 'BillCycle' => $cycle]], null, null, $outHeaders);
$rspHead = $outHeaders['UniBSSHead'] ?? null;
echo json_encode([
  'functions' => $client->__getFunctions(),
  'RspCode' => $rspHead->RspCode ?? null,
  'TransIDH' => $rspHead->TransIDH ?? null,
  'HomeProvince' => $rsp->HomeProvince ?? null,
  'Balance' => isset($rsp->AccountInfo) ? (int) $rsp->AccountInfo->Balance : null,
], JSON_UNESCAPED_UNICODE), "\n";
