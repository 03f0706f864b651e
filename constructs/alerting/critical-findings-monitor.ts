import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { Construct } from "constructs";
import type { DatadogRoute } from "../../config/schema";
import {
  criticalFindingsMonitor,
  scanFailedMonitor,
  type MonitorDefinition,
  type RepositoryMonitorContext,
} from "./monitor-definitions";

export interface CriticalFindingsMonitorProps extends RepositoryMonitorContext {
  /** Who the CRITICAL-findings alert notifies (pages in production). */
  readonly route: DatadogRoute;
  /** Who the scan-failure warning notifies; never a page. */
  readonly warningRoute: DatadogRoute;
  /** Priority of the CRITICAL-findings alert (1 highest); the warning is two steps lower. */
  readonly priority: number;
}

/**
 * The Datadog L2 monitors of one repository: CRITICAL findings (the alert) and failed scans
 * (a warning). Both count the logs that `ScanFindingsAlert` sends.
 */
export class CriticalFindingsMonitor extends Construct {
  readonly alert: Monitor;
  readonly scanFailedWarning: Monitor;

  constructor(scope: Construct, id: string, props: CriticalFindingsMonitorProps) {
    super(scope, id);
    this.alert = logMonitor(this, "critical-findings", criticalFindingsMonitor(props, props.route, props.priority));
    this.scanFailedWarning = logMonitor(this, "scan-failed", scanFailedMonitor(props, props.warningRoute, props.priority));
  }
}

/** No data is not an incident (a quiet week has no pushes); notifications carry a sample of the logs. */
function logMonitor(scope: Construct, id: string, definition: MonitorDefinition): Monitor {
  return new Monitor(scope, id, {
    name: definition.name,
    type: definition.type,
    query: definition.query,
    message: definition.message,
    priority: String(definition.priority),
    tags: [...definition.tags],
    monitorThresholds: { critical: String(definition.threshold) },
    notifyNoData: false,
    enableLogsSample: true,
    includeTags: true,
    ...(definition.renotifyMinutes !== undefined && {
      renotifyInterval: definition.renotifyMinutes,
      renotifyStatuses: ["alert"],
    }),
    ...(definition.escalationMessage !== undefined && { escalationMessage: definition.escalationMessage }),
  });
}
