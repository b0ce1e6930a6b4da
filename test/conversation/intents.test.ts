import { describe, expect, it } from "vitest";
import { detectIntent, type Intent } from "../../src/conversation/intents.js";

const cases: Record<Intent, string[]> = {
  my_data: [
    "xem dữ liệu của tôi",
    "Tôi muốn xóa dữ liệu",
    "xoa du lieu cua toi",
    "cho tôi xin bản sao dữ liệu",
    "thông tin cá nhân của tôi được lưu thế nào",
    "delete my data",
    "I want a copy of my personal data",
  ],
  hours: [
    "mấy giờ",
    "May gio mo cua?",
    "giờ làm việc",
    "gio lam viec cua ben ban",
    "Giờ làm việc của công ty là mấy giờ ạ?",
    "còn làm không",
    "bây giờ còn làm việc không shop",
    "có làm việc không",
    "hôm nay có làm việc không ạ",
    "làm việc đến mấy giờ",
    "lam viec den may gio vay",
    "thứ 7 có làm không",
    "Thứ bảy có làm việc không?",
    "chủ nhật có hỗ trợ không",
    "cuối tuần có làm không",
    "tết có nghỉ không",
    "có làm việc vào thứ 7 không",
    "thời gian làm việc",
    "thời gian hỗ trợ",
    "lịch làm việc của bên mình",
    "khi nào có người hỗ trợ",
    "bao giờ có người trả lời vậy",
    "ngoài giờ có hỗ trợ không",
    "Xin chào, cho hỏi mấy giờ bên bạn mở cửa?",
    "chào shop, giờ làm việc thế nào",
    "when are you open",
    "When are you open on Saturday?",
    "opening hours",
    "What are your business hours?",
    "working hours please",
    "are you open",
    "Hi, are you open now?",
    "what time do you close",
    "are you open on the weekend",
  ],
  phone_call: [
    "gọi cho tôi",
    "Gọi cho tôi nhé",
    "goi cho toi",
    "gọi điện cho em",
    "gọi điện cho em được không",
    "bạn gọi lại cho tôi nhé",
    "có thể gọi cho tôi không",
    "cho xin số điện thoại",
    "cho em xin sdt bên mình",
    "số điện thoại của công ty là gì",
    "số hotline",
    "hotline bên bạn là bao nhiêu",
    "cho tôi số tổng đài",
    "tôi muốn trao đổi qua điện thoại",
    "tư vấn qua điện thoại được không",
    "sao không ai nghe máy",
    "chào bạn, gọi cho tôi",
    "Xin chào, gọi cho tôi lúc mấy giờ được?",
    "call me",
    "Please call me back",
    "can I call you",
    "Could I call your support team?",
    "give me a call",
    "what is your phone number",
    "I'd rather talk on the phone",
    "can we discuss this by phone",
  ],
  status: [
    "tình trạng yêu cầu",
    "Tình trạng yêu cầu của tôi thế nào rồi?",
    "yêu cầu của tôi",
    "yêu cầu của em đã xử lý chưa",
    "ticket của mình sao rồi",
    "trạng thái ticket",
    "tiến độ xử lý yêu cầu",
    "tôi đã gửi yêu cầu hôm qua",
    "đã có ai trả lời chưa",
    "xử lý đến đâu rồi",
    "tình trạng",
    "my ticket",
    "What's the status of my request?",
    "status",
    "any update on my case?",
  ],
  new_request: [
    "tạo yêu cầu",
    "tôi muốn tạo yêu cầu mới",
    "gửi yêu cầu",
    "em muốn gửi yêu cầu hỗ trợ",
    "tao yeu cau ho tro",
    "mở ticket",
    "yêu cầu mới",
    "open a ticket",
    "I want to open a new ticket",
    "create a support request",
    "submit a request",
    "new request",
  ],
  help: [
    "hướng dẫn",
    "huong dan",
    "help",
    "/help",
    "Help me please",
    "trợ giúp",
    "giúp tôi với",
    "tôi cần giúp đỡ",
    "cần hỗ trợ",
    "menu",
    "hướng dẫn cách gửi yêu cầu",
    "hướng dẫn phản hồi yêu cầu",
    "điều khoản hỗ trợ",
    "how do I submit a request?",
    "what can you do",
    "I need help",
  ],
  greeting: [
    "xin chào",
    "Xin chào!",
    "xin chao",
    "chào",
    "chào bạn",
    "Chào shop ạ",
    "chào buổi sáng",
    "alo",
    "hello",
    "Hello there",
    "hi",
    "Hi!",
    "hey",
    "good morning",
  ],
  thanks: [
    "cảm ơn",
    "Cảm ơn bạn nhiều!",
    "cám ơn",
    "cám ơn shop nhé",
    "cam on",
    "ok cảm ơn",
    "vâng cảm ơn ạ",
    "chào bạn, cảm ơn nhé",
    "thank you",
    "Thanks a lot!",
    "thanks",
    "thank you so much",
    "cảm ơn đã hỗ trợ",
  ],
};

/** Messages that must stay for the FAQ search or the intake form: no intent. */
const noIntent = [
  "",
  "   ",
  "?",
  "asdfgh",
  "đổi mật khẩu email",
  "hướng dẫn đổi mật khẩu email",
  "Xin chào, tôi muốn đổi mật khẩu email",
  "cảm ơn, nhưng tôi vẫn chưa đăng nhập được",
  "nâng cấp gói cho tôi",
  "gia hạn gói hosting cho em",
  "gói hosting nào rẻ nhất",
  "tôi muốn đổi số điện thoại liên hệ",
  "tôi có số điện thoại mới",
  "cài email trên điện thoại",
  "How do I set up email on the phone app",
  "báo giá thiết kế website",
  "chào giá hosting",
  "website của tôi bị lỗi 500",
  "hi vọng sớm được xử lý",
  "tên miền được gọi là gì",
];

function expectIntent(intent: Intent, phrases: string[]) {
  it.each(phrases)("%j", (phrase) => {
    expect(detectIntent(phrase)).toBe(intent);
  });
}

describe("detectIntent", () => {
  describe("R2.2 hours questions", () => expectIntent("hours", cases.hours));
  describe("R3.4 phone-call requests", () => expectIntent("phone_call", cases.phone_call));
  describe("R1.1 ticket status", () => expectIntent("status", cases.status));
  describe("new request", () => expectIntent("new_request", cases.new_request));
  describe("R1.7 help and guides", () => expectIntent("help", cases.help));
  describe("greeting (only when the message is small talk)", () => expectIntent("greeting", cases.greeting));
  describe("thanks (only when the message is small talk)", () => expectIntent("thanks", cases.thanks));

  describe("no intent: left to the FAQ search", () => {
    it.each(noIntent)("%j", (phrase) => {
      expect(detectIntent(phrase)).toBeNull();
    });
  });

  it("ignores diacritics, tone placement and case", () => {
    for (const phrase of ["MẤY GIỜ", "may gio", "Mấy giờ", "mấy giờ".normalize("NFD")]) expect(detectIntent(phrase), phrase).toBe("hours");
    expect(detectIntent("CÁM ƠN")).toBe("thanks");
  });

  it("lets hours and phone calls win over a greeting in the same message", () => {
    expect(detectIntent("chào bạn, mấy giờ mở cửa?")).toBe("hours");
    expect(detectIntent("hello, can I call you?")).toBe("phone_call");
    expect(detectIntent("xin chào, gọi điện cho em nhé, em cần hỏi giờ làm việc")).toBe("phone_call");
  });
});
