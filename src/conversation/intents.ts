import { words } from "../kernel/text.js";

/**
 * What a free-text message asks for, before any FAQ search: Vietnamese with or without
 * diacritics, and English. Patterns run on folded text ("mấy giờ" → "may gio"), words joined by
 * single spaces.
 */

export const intents = ["hours", "phone_call", "greeting", "thanks", "status", "new_request", "help", "my_data"] as const;
export type Intent = (typeof intents)[number];

type IntentRule = {
  intent: Intent;
  /** Phrases that decide the intent wherever they occur in the message. */
  within?: RegExp[];
  /**
   * Small talk that decides the intent only when the whole message is such phrases plus filler
   * words: "chào bạn" is a greeting, "chào bạn, đổi mật khẩu email thế nào?" is a FAQ question.
   */
  alone?: RegExp;
};

const pronoun = "(toi|em|minh|tui|anh|chi)";
const asker = "(hay|vui long|lam on|co the|can|muon|xin|nho|chao|alo|oi|thi|ban|shop|ad|toi|em|minh|tui|anh|chi)";
const weekday = "(thu (2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|t[2-7]|chu nhat|cn|cuoi tuan|ngay le|le tet|tet)";

/**
 * In priority order: the first rule whose `within` matches wins, then small talk. A call request
 * beats everything (R3.4: the bot must explain that support is written), ticket status beats
 * hours ("yêu cầu của tôi mấy giờ xong?"), the guides (R1.7) beat "gửi yêu cầu", and any of them
 * beats a greeting. In small talk thanks comes before help: "cảm ơn đã hỗ trợ" is thanks.
 * `gọi` (call) folds like `gói` (a plan), so a bare "goi" is never enough.
 */
const rules: IntentRule[] = [
  {
    // Decree 13/2023: a customer asking for their data or its deletion ("xem dữ liệu của tôi", "xóa dữ liệu").
    intent: "my_data",
    within: [
      /\b(xem|tai|lay|xuat|sao chep|ban sao|xoa|huy|rut|rut lai) (toan bo |het |cac )?(du lieu|thong tin ca nhan)\b/,
      /\b(du lieu|thong tin ca nhan) (cua )?(toi|em|minh|tui)\b/,
      /\b(my|personal) (data|information)\b/,
      /\b(delete|erase|remove|export|download|copy of) (all )?(my )?(personal )?(data|information)\b/,
    ],
  },
  {
    intent: "phone_call",
    within: [
      /\bgoi (dien|lai)\b/,
      // "gọi cho tôi", "em muốn gọi cho bên mình", not "nâng cấp gói cho tôi".
      new RegExp(`(^|\\b${asker} )goi (cho|giup|ngay|qua|toi|em|minh)\\b`),
      /\b(so dien thoai|sdt|so dt|so lien he)( cua)? (ben|cong ty|shop|ho tro|tong dai|nhan vien|ky thuat|ban)\b/,
      /\b(xin|cho|gui|de lai|cung cap|biet) (cai |cho (toi|em|minh) )?(so dien thoai|sdt|so dt|so lien he)\b/,
      /\b(hotline|tong dai)\b/,
      /\b(trao doi|noi chuyen|tu van|ho tro|lien he) (qua |bang |truc tiep qua )?(dien thoai|dt|phone)\b/,
      /\bnghe may\b/,
      /\bcall (me|us|back|you|your)\b/,
      /\b(can|could|may|shall) (i|we) (call|phone|ring)\b/,
      /\bgive (me|us) a (call|ring)\b/,
      /\b(phone|telephone) (number|call|support)\b/,
      /\b(by|over the) (phone|telephone)\b/,
      /\b(talk|speak)( to you| with you| to someone| with someone)? on the phone\b/,
      /\bnumber to call\b/,
    ],
  },
  {
    intent: "status",
    within: [
      /\b(tinh trang|trang thai|tien do)( cua| xu ly)* (yeu cau|ticket|phieu|ho so|don)\b/,
      new RegExp(`\\b(yeu cau|ticket|phieu ho tro) (cua )?${pronoun}\\b`),
      /\b(da|vua) gui (yeu cau|ticket)\b/,
      /\b(xu ly|giai quyet) (den dau|toi dau|xong chua|chua)\b/,
      /\bda (co )?(ai )?(xu ly|tra loi|phan hoi) chua\b/,
      /\bmy (ticket|request|case)/,
      /\b(ticket|request) status\b/,
      /\bstatus\b/,
      /\b(any )?update on my\b/,
    ],
    alone: /\b(tinh trang|trang thai|tien do)\b/,
  },
  {
    intent: "hours",
    within: [
      /\bmay gio\b/,
      /\b(gio|thoi gian|lich) (lam viec|mo cua|ho tro|hanh chinh|truc)\b/,
      /\b(con|co|dang) (lam|lam viec|mo cua|ai truc) (khong|ko|k|hong|chua)\b/,
      /\b(con|co) ai (lam|truc|ho tro)\b/,
      new RegExp(`\\b${weekday} (co |con )?(lam|mo cua|ho tro|nghi|truc)\\b`),
      new RegExp(`\\b(lam viec|mo cua|ho tro|nghi) (vao )?${weekday}\\b`),
      /\b(mo cua|dong cua|lam viec|tan ca|nghi trua) (luc|tu|den|toi) (may|bao gio|khi nao)\b/,
      /\b(khi nao|bao gio|luc nao) (thi )?(co nguoi|mo cua|lam viec|ho tro|co ai)\b/,
      /\bngoai gio\b/,
      /\b(when|what time) (are|do|will) you (open|close|start|work)/,
      /\b(opening|business|working|office|support) hours\b/,
      /\bhours of (operation|business)\b/,
      /\bare you (open|closed|working|available)\b/,
      /\b(open|closed) (now|today|tomorrow|on (the )?(weekend|saturday|sunday|holiday))/,
      /\bwhat time\b/,
    ],
  },
  {
    intent: "thanks",
    alone: /\b(cam on|cam ong|cam un|thank you|thanks|thank|thx|tks|many thanks|appreciate it)\b/,
  },
  {
    intent: "help",
    within: [
      /\bhuong dan (cach )?(gui|tao|phan hoi|tra loi|theo doi) (yeu cau|ticket)\b/,
      /\bdieu khoan ho tro\b/,
      /\bhow (do|can|to) (i |we )?(send|submit|open|create|respond to|reply to) (a |an )?(request|ticket)/,
      /\bsupport terms\b/,
    ],
    alone:
      /\b(can (giup|ho tro|tro giup)( do)?|huong dan|tro giup|giup (do|voi)|giup|ho tro|menu|(i )?need help|can you help|help|what can you do|how does this work)\b/,
  },
  {
    intent: "new_request",
    within: [
      /\b(tao|gui|mo|lap|them|viet) (mot |1 )?(yeu cau|ticket|phieu ho tro)\b/,
      /\b(yeu cau|ticket) (ho tro )?moi\b/,
      /\b(open|create|submit|file|raise|start) (a |an )?(new )?(support )?(ticket|request|case)\b/,
      /\bnew (ticket|request)\b/,
    ],
  },
  {
    intent: "greeting",
    alone: /\b(xin chao|chao|kinh chao|alo|hello|hi|hey|helo|good (morning|afternoon|evening))\b/,
  },
];

/** Words that may surround small talk without changing it ("chào shop ạ", "thanks a lot"). */
const filler = new RegExp(
  `\\b(${[
    // Several words first: the alternation takes the first that fits.
    "so much|very much|a lot|cac ban|quy khach|tam biet|buoi (sang|trua|chieu|toi)",
    "a|ah|oi|nhe|nha|nhen|ne|ha|ban|shop|ad|admin|anh|chi|em|toi|minh|ben|rat|nhieu|lam|vang|da|u|ok|oke|okay|voi|di",
    "lots|you|me|there|everyone|all|team|bot|please|pls|again|bye",
  ].join("|")})\\b`,
  "g",
);

export function detectIntent(text: string): Intent | null {
  const folded = words(text).join(" ");
  if (folded === "") return null;
  const within = rules.find((rule) => rule.within?.some((pattern) => pattern.test(folded)));
  if (within) return within.intent;
  return smallTalk(folded);
}

/** The first rule whose `alone` phrase occurs, if nothing but such phrases and filler remains. */
function smallTalk(folded: string): Intent | null {
  let rest = folded;
  const found: Intent[] = [];
  for (const { intent, alone } of rules) {
    if (!alone?.test(rest)) continue;
    found.push(intent);
    rest = rest.replace(new RegExp(alone.source, "g"), " ");
  }
  return rest.replace(filler, " ").trim() === "" ? (found[0] ?? null) : null;
}
