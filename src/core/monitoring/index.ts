// Monitoring: alert rules (.mlops.json "alerts") over the runs production jobs log to the tracking backend.
export { type AlertResult, type AlertsReport, evaluateAlerts } from './evaluate';
export { type AlertRule, DRIFT_METRIC, describeCondition, parseAlertRules } from './rules';
