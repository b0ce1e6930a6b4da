import type { Language } from "../kernel/language.js";
import type { TextPart } from "../kernel/outbound.js";
import { departmentName } from "../policy/names.js";
import type { Policy } from "../policy/policy.schema.js";
import type { Estimate } from "../tickets/index.js";
import { formatMoment } from "./time-format.js";
import { key } from "./types.js";

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
