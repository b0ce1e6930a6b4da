import type { Language } from "../kernel/language.js";
import type { TextPart } from "../kernel/outbound.js";
import { departmentName } from "../policy/names.js";
import type { Policy } from "../policy/policy.schema.js";
import type { Estimate, UsualFirstResponse } from "../tickets/index.js";
import { formatMoment } from "./time-format.js";
import { key } from "./types.js";

/**
 * The department's usual first reply, measured on recent tickets in working time, beside the policy's
 * resolution limit. Said only when there are enough tickets to measure (`usual` is null otherwise).
 */
export function usualReplyText(policy: Policy, usual: UsualFirstResponse | null, departmentId: string, language: Language): TextPart[] {
  if (!usual) return [];
  const department = departmentName(policy, departmentId, language);
  const days = Math.round(policy.sla.resolution.hours / 24);
  const common = { department, sample: usual.sample, days };
  if (usual.workingMinutes < 60)
    return [key("conversation:estimate.usualMinutes", { ...common, minutes: Math.max(5, Math.round(usual.workingMinutes / 5) * 5) })];
  return [key("conversation:estimate.usualHours", { ...common, hours: Math.round(usual.workingMinutes / 30) / 2 })];
}

/** A ticket's estimate as concrete sentences: open now and the position, the next opening, general duty, the chain (R2.2, R2.5, R2.6, R1.5). */
export function estimateText(policy: Policy, estimate: Estimate, departmentId: string, language: Language): TextPart[] {
  const when = (at: Date) => formatMoment(at, language, policy.company.timeZone);
  const department = departmentName(policy, departmentId, language);
  switch (estimate.kind) {
    case "in_queue": {
      const deadline = estimate.deadline ? [key("conversation:estimate.deadline", { time: when(estimate.deadline) })] : [];
      const position = estimate.position;
      if (estimate.generalDuty) return [key("conversation:estimate.generalDuty", { position }), ...deadline];
      if (estimate.opening.open) return [key("conversation:estimate.openNow", { department, position }), ...deadline];
      const opensAt = estimate.opening.opensAt;
      return [
        opensAt
          ? key("conversation:estimate.opensAt", { department, position, time: when(opensAt) })
          : key("conversation:estimate.openNow", { department, position }),
        ...deadline,
      ];
    }
    case "in_progress":
      return [key("conversation:estimate.inProgress")];
    case "awaiting_approval":
      return [key("conversation:estimate.awaitingApproval")];
    case "after":
      return [
        estimate.by
          ? key("conversation:estimate.afterBy", { after: estimate.afterNumber, time: when(estimate.by) })
          : key("conversation:estimate.after", { after: estimate.afterNumber }),
      ];
    case "closed":
      return [key("conversation:estimate.closed")];
  }
}
