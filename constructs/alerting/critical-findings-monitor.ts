import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { Construct } from "constructs";
import type { DatadogRoute } from "../../config/schema";
import { criticalFindingsMonitor, notScannedMonitor, type MonitorContext } from "./monitor-definitions";
import { logMonitor } from "./log-monitor";

export interface CriticalFindingsMonitorProps extends MonitorContext {
  /** Who the CRITICAL-findings alert notifies (pages in production). */
  readonly route: DatadogRoute;
  /** Who the not-scanned warning notifies; never a page. */
  readonly warningRoute: DatadogRoute;
  /** Priority of the CRITICAL-findings alert (1 highest); the warning is two steps lower. */
  readonly priority: number;
}

/**
 * The Datadog L2 monitors of one environment, one alert per image of any of its repositories: CRITICAL findings
 * (the alert) and images that were not scanned (a warning). Both count the logs that `ScanFindingsAlert` sends,
 * from either engine. Two monitors per environment whatever the number of repositories: Datadog's default quota
 * is 1,000 log monitors per organization.
 */
export class CriticalFindingsMonitor extends Construct {
  readonly alert: Monitor;
  readonly notScannedWarning: Monitor;

  constructor(scope: Construct, id: string, props: CriticalFindingsMonitorProps) {
    super(scope, id);
    this.alert = logMonitor(this, "critical-findings", criticalFindingsMonitor(props, props.route, props.priority));
    this.notScannedWarning = logMonitor(this, "not-scanned", notScannedMonitor(props, props.warningRoute, props.priority));
  }
}
