"""A real zeep (Python) client calling 4.2.1 on a running gateway, built from the served WSDL.

Usage: /usr/bin/python3 zeep_query.py <wsdl-url> <service-number> <collect-province> <bill-cycle>
Prints one JSON line: the response head and the parts of the body a test checks.
"""
import datetime
import json
import sys

from zeep import Client

NS = '{http://ucrm.chinaunicom.cn/vol10}'


def main(wsdl, number, collect, cycle):
    client = Client(wsdl)
    now = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).strftime('%Y%m%d%H%M%S')
    head = client.get_element(NS + 'UniBSSHead')(
        OrigDomain='PBSS', HomeDomain='UCRM', BIPCode='BIP1004', BIPVer='0100', ActivityCode='T100421',
        ActionCode='0', RouteType='01', RouteValue=number, ProcID='ZEEP-' + now, TransIDO='ZEEP-' + now,
        ProcessTime=now, TestFlag='1', MsgSender='BILL' + collect, MsgReceiver='UCRM')
    res = client.service.QueryRemoteAccount(ServiceNumber=number, CollectProvince=collect, BillCycle=cycle, _soapheaders=[head])
    rsp_head = res.header['head']
    print(json.dumps({
        'RspCode': rsp_head['RspCode'],
        'TransIDH': rsp_head['TransIDH'],
        'HomeProvince': res.body.HomeProvince,
        'CustName': res.body.AccountInfo.CustName,
        'Balance': res.body.AccountInfo.Balance,
        'ItemNames': [item.ItemName for item in res.body.BillItem],
    }, ensure_ascii=False))


if __name__ == '__main__':
    main(*sys.argv[1:5])
