import type { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import { Construct } from "constructs";
import type { DatadogRoute } from "../../config/schema";
import { logMonitor } from "./log-monitor";
import { heartbeatMonitor, type HeartbeatMonitorContext } from "./monitor-definitions";

export interface HeartbeatMonitorProps extends HeartbeatMonitorContext {
  /** Who hears that the path is silent: the warning route, never a page. */
  readonly warningRoute: DatadogRoute;
  /** Priority of the CRITICAL-findings alert; this warning is two steps lower. */
  readonly priority: number;
}

/** The Datadog monitor that warns when the alert path's scheduled heartbeats stop arriving. */
export class HeartbeatMonitor extends Construct {
  readonly monitor: Monitor;

  constructor(scope: Construct, id: string, props: HeartbeatMonitorProps) {
    super(scope, id);
    this.monitor = logMonitor(this, "monitor", heartbeatMonitor(props, props.warningRoute, props.priority));
  }
}
