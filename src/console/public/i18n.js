// The console's two languages. Interface names are the standard's Chinese titles and their
// English descriptions; 9.2.2 and 9.2.4 have no full title in the standard's text, so theirs
// say what they carry.
export const INTERFACES = {
  '4.2.1': ['省分计费帐务系统-总部CRM客户异地帐务信息查询接口', 'Remote account query (province → HQ)'],
  '4.2.2': ['总部CRM系统-省分计费帐务系统客户异地帐务信息查询接口', 'Account query (HQ → home province)'],
  '5.2.1': ['省分计费帐务系统-总部CRM客户异地缴费接口', 'Remote payment (province → HQ)'],
  '5.2.2': ['总部CRM系统-省分计费系统客户异地缴费接口', 'Payment (HQ → home province)'],
  '6.2.1': ['省分计费帐务系统-总部CRM客户异地缴费返销接口', 'Payment reversal (province → HQ)'],
  '6.2.2': ['总部CRM系统-省分计费帐务系统客户异地缴费返销接口', 'Payment reversal (HQ → home province)'],
  '7.2.1': ['省分计费帐务系统-总部CRM异地缴费明细上传接口', 'Daily payment detail upload'],
  '7.2.2': ['总部CRM系统-省分计费帐务系统异地缴费对帐文件下发接口', 'Reconciliation file to the home province'],
  '7.2.3': ['总部CRM系统-省分计费帐务系统异地缴费对帐结果接口', 'Reconciliation result'],
  '8.2.1': ['总部CRM系统-省分计费帐务系统异地缴费结算接口', 'Monthly inter-province settlement'],
  '9.2.1': ['省分计费帐务系统-总部CRM集团客户帐单上传接口', 'Group member bills upload'],
  '9.2.2': ['总部CRM系统-省分计费帐务系统集团客户帐单下发接口', 'Aggregated group bill to the collecting province'],
  '9.2.3': ['省分计费帐务系统-总部CRM集团客户托收结果上传接口', 'Bank collection result upload'],
  '9.2.4': ['总部CRM系统-省分计费帐务系统集团客户托收结果下发接口', 'Collection shares to member provinces, for write-off'],
  '10.2.1': ['省分计费帐务系统-总部CRM系统集团客户帐单上传接口', 'Group bills upload (revenue settlement)'],
  '10.2.2': ['总部CRM系统-省分计费帐务系统集团客户收入阶段结果下发接口', 'Group revenue stage result'],
};

const STRINGS = {
  en: {
    title: 'UCRM gateway console',
    'nav.journal': 'Journal',
    'nav.scenarios': 'Scenarios',
    'nav.money': 'Money',
    'nav.operations': 'Operations',
    'journal.live': 'Live journal',
    'journal.empty': 'No exchange yet: they appear here as they happen.',
    'journal.dropped': 'exchanges were too many to show and were skipped',
    'col.time': 'Time',
    'col.interface': 'Interface',
    'col.direction': 'Direction',
    'col.province': 'Province',
    'col.number': 'Number',
    'col.transIdO': 'TransIDO',
    'col.procId': 'ProcID',
    'col.rspCode': 'RspCode',
    'col.duration': 'ms',
    'col.scope': 'Scope',
    'col.scenario': 'Scenario',
    'filter.from': 'from',
    'filter.to': 'to',
    'filter.any': 'any',
    'exchange.title': 'Exchange',
    'exchange.request': 'Request',
    'exchange.response': 'Response',
    'exchange.related': 'The same flow (ProcID)',
    'exchange.timing': 'Timing',
    'exchange.scenario': 'Scenario fired',
    'exchange.none': 'none',
    'exchange.back': '← back to the journal',
    'exchange.missing': 'This exchange is no longer in the console (it keeps the latest ones).',
    'exchange.makeScenario': 'Make a scenario from this exchange',
    'direction.inbound': 'province → HQ',
    'direction.outbound': 'HQ → province',
    'ops.services': 'Services and their WSDLs',
    'ops.ready': 'Readiness',
    'ops.jobs': 'Jobs',
    'ops.metrics': 'Key figures',
    'ops.runNow': 'Run now',
    'ops.lastRun': 'Last run',
    'ops.requestsPerSecond': 'requests/s',
    'ops.requests': 'requests',
    'ops.p99': 'p99 (ms)',
    'ops.faults': 'faults by code',
    'ops.store': 'store',
    'ops.reachable': 'reachable',
    'ops.unreachable': 'unreachable',
    'scenarios.title': 'Scenarios',
    'scenarios.scope': 'Scope',
    'scenarios.paste': 'Paste a scenario (JSON)',
    'scenarios.form': 'Or fill in the form',
    'scenarios.create': 'Create',
    'scenarios.resetScope': 'Reset this scope',
    'scenarios.enabled': 'enabled',
    'scenarios.disabled': 'disabled',
    'scenarios.toggle': 'Enable / disable',
    'scenarios.delete': 'Delete',
    'scenarios.unavailable': 'Scenarios are served by the mock provinces: this gateway runs without them.',
    'money.title': 'Money',
    'money.unavailable': 'Not available on this gateway.',
    'common.loading': 'Loading…',
    'common.error': 'Could not load',
  },
  zh: {
    title: 'UCRM 网关控制台',
    'nav.journal': '交易日志',
    'nav.scenarios': '测试场景',
    'nav.money': '对帐与结算',
    'nav.operations': '运行状态',
    'journal.live': '实时交易日志',
    'journal.empty': '暂无交易：交易发生时会显示在这里。',
    'journal.dropped': '条交易过多未能显示，已跳过',
    'col.time': '时间',
    'col.interface': '接口',
    'col.direction': '方向',
    'col.province': '省分',
    'col.number': '号码',
    'col.transIdO': 'TransIDO',
    'col.procId': 'ProcID',
    'col.rspCode': '应答码',
    'col.duration': '毫秒',
    'col.scope': '范围',
    'col.scenario': '场景',
    'filter.from': '起',
    'filter.to': '止',
    'filter.any': '全部',
    'exchange.title': '交易',
    'exchange.request': '请求',
    'exchange.response': '应答',
    'exchange.related': '同一流程 (ProcID)',
    'exchange.timing': '耗时',
    'exchange.scenario': '命中的场景',
    'exchange.none': '无',
    'exchange.back': '← 返回交易日志',
    'exchange.missing': '此交易已不在控制台中（控制台只保留最近的交易）。',
    'exchange.makeScenario': '由此交易生成场景',
    'direction.inbound': '省分 → 总部',
    'direction.outbound': '总部 → 省分',
    'ops.services': '服务及其 WSDL',
    'ops.ready': '就绪状态',
    'ops.jobs': '作业',
    'ops.metrics': '关键指标',
    'ops.runNow': '立即运行',
    'ops.lastRun': '最近一次运行',
    'ops.requestsPerSecond': '请求/秒',
    'ops.requests': '请求',
    'ops.p99': 'p99（毫秒）',
    'ops.faults': '按代码统计的故障',
    'ops.store': '存储',
    'ops.reachable': '可达',
    'ops.unreachable': '不可达',
    'scenarios.title': '测试场景',
    'scenarios.scope': '范围',
    'scenarios.paste': '粘贴场景 (JSON)',
    'scenarios.form': '或填写表单',
    'scenarios.create': '创建',
    'scenarios.resetScope': '重置此范围',
    'scenarios.enabled': '已启用',
    'scenarios.disabled': '已停用',
    'scenarios.toggle': '启用 / 停用',
    'scenarios.delete': '删除',
    'scenarios.unavailable': '测试场景由模拟省分提供：此网关未加载模拟省分。',
    'money.title': '对帐与结算',
    'money.unavailable': '此网关不提供。',
    'common.loading': '加载中…',
    'common.error': '无法加载',
  },
};

let language = localStorage.getItem('ucrm-console-language') === 'zh' ? 'zh' : 'en';

export const currentLanguage = () => language;

export function setLanguage(next) {
  language = next;
  localStorage.setItem('ucrm-console-language', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

export function t(key) {
  return STRINGS[language][key] ?? STRINGS.en[key] ?? key;
}

/** The interface's name in the current language, with its number. */
export function interfaceName(number) {
  const names = INTERFACES[number];
  return names ? `${number} ${names[language === 'zh' ? 0 : 1]}` : number;
}

/** Every element with data-i18n gets its text in the current language. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
