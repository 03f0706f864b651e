import { Monitor } from "@cdktf/provider-datadog/lib/monitor";
import type { Construct } from "constructs";
import type { MonitorDefinition } from "./monitor-definitions";

/**
 * A `datadog_monitor` of type `log alert` from its definition. No re-notification: a page someone has
 * acknowledged is not paged again every hour; reminders belong to the On-Call escalation policy
 * (docs/alerting.md). No auto-resolve (`timeout_h` unset). No data is not an incident for the scan
 * monitors (a quiet week has no pushes); the heartbeat monitor counts zero heartbeats instead.
 */
export function logMonitor(scope: Construct, id: string, definition: MonitorDefinition): Monitor {
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
  });
}
