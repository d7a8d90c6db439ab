package ucrm;

import jakarta.xml.ws.Holder;
import java.net.URL;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import wsimport.ActivityCodeType;
import wsimport.BIPCodeType;
import wsimport.DomainType;
import wsimport.QueryRemoteAccountReq;
import wsimport.QueryRemoteAccountRsp;
import wsimport.RemoteAccountQueryPortType;
import wsimport.RemoteAccountQueryService;
import wsimport.UniBSSHeadType;

/**
 * A provincial system's Java client, as wsimport generates it with no extra flags: the
 * UniBSSHead is a parameter of the port method, filled in and read back like the body.
 *
 * Usage: java ucrm.QueryRemoteAccount <wsdl-url> <service-number> <collect-province> <bill-cycle>
 * Prints one line: RspCode TransIDH HomeProvince Balance
 */
public final class QueryRemoteAccount {
  public static void main(String[] args) throws Exception {
    String number = args[1];
    String collect = args[2];
    String now = ZonedDateTime.now(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    UniBSSHeadType head = new UniBSSHeadType();
    head.setOrigDomain(DomainType.fromValue("PBSS"));
    head.setHomeDomain(DomainType.fromValue("UCRM"));
    head.setBIPCode(BIPCodeType.fromValue("BIP1004"));
    head.setBIPVer("0100");
    head.setActivityCode(ActivityCodeType.fromValue("T100421"));
    head.setActionCode("0");
    head.setRouteType("01");
    head.setRouteValue(number);
    head.setProcID("JAVA-" + now);
    head.setTransIDO("JAVA-" + now);
    head.setProcessTime(now);
    head.setTestFlag("1");
    head.setMsgSender("BILL" + collect);
    head.setMsgReceiver("UCRM");
    QueryRemoteAccountReq body = new QueryRemoteAccountReq();
    body.setServiceNumber(number);
    body.setCollectProvince(collect);
    body.setBillCycle(args[3]);
    RemoteAccountQueryPortType port = new RemoteAccountQueryService(new URL(args[0])).getRemoteAccountQueryPort();
    Holder<UniBSSHeadType> holder = new Holder<>(head);
    QueryRemoteAccountRsp rsp = port.queryRemoteAccount(body, holder);
    System.out.println(holder.value.getRspCode() + " " + holder.value.getTransIDH() + " " + rsp.getHomeProvince() + " " + rsp.getAccountInfo().getBalance());
  }
}
