import { AppError } from "../../kernel/errors.js";
import { ok, type Result, refuse } from "../../kernel/result.js";
import type { Category, Policy } from "../../policy/policy.schema.js";
import { containsPhrase, words } from "./text.js";

/** Where a new ticket goes (R1.1–R1.6), and whether Customer care approves it first (R1.5). */
export interface Route {
  readonly departmentId: string;
  readonly requiresApproval: boolean;
}

export type RoutingRefusal = "unknown_category" | "answer_required" | "unknown_answer";

/**
 * The owning department of a category. A category with a question (R1.4, "Viết giao diện") is routed by the
 * customer's answer; an answer given for a category without a question is ignored.
 */
export function routeCategory(policy: Policy, categoryId: string, answerId?: string): Result<Route, RoutingRefusal> {
  const category = policy.categories.find((c) => c.id === categoryId);
  if (!category) return refuse("unknown_category", { categoryId });
  const requiresApproval = category.requiresApproval;
  if (!category.question) {
    // The schema refuses a category with neither a department nor a question.
    if (category.department === undefined) throw new AppError("policy.category_without_department", `category ${categoryId}`);
    return ok({ departmentId: category.department, requiresApproval });
  }
  if (answerId === undefined) {
    return refuse("answer_required", { categoryId, answers: category.question.answers.map((a) => a.id) });
  }
  const answer = category.question.answers.find((a) => a.id === answerId);
  if (!answer) return refuse("unknown_answer", { categoryId, answerId, answers: category.question.answers.map((a) => a.id) });
  return ok({ departmentId: answer.department, requiresApproval });
}

export interface CategorySuggestion {
  readonly categoryId: string;
  readonly score: number;
}

/**
 * Categories that a free-text description points to, best first (R1.1: the customer confirms one).
 * Each keyword and each category name (both languages) that occurs in the text as a run of folded words
 * scores its number of words, so "tên miền" (2) outweighs "giá" (1) and "đóng dấu hóa đơn" (4) outweighs
 * "hóa đơn" (2). Each phrase counts once per category. Ties keep the policy's order.
 */
export function suggestCategories(policy: Policy, freeText: string, limit = 3): CategorySuggestion[] {
  const text = words(freeText);
  if (text.length === 0) return [];
  return policy.categories
    .map((category, order) => ({ categoryId: category.id, score: scoreCategory(category, text), order }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, Math.max(0, limit))
    .map(({ categoryId, score }) => ({ categoryId, score }));
}

function scoreCategory(category: Category, text: readonly string[]): number {
  const phrases = new Map<string, string[]>();
  for (const term of [
    ...category.keywords,
    category.name.vi,
    category.name.en,
    ...(category.customerName ? [category.customerName.vi, category.customerName.en] : []),
  ]) {
    const phrase = words(term);
    if (phrase.length > 0) phrases.set(phrase.join(" "), phrase);
  }
  let score = 0;
  for (const phrase of phrases.values()) {
    if (containsPhrase(text, phrase)) score += phrase.length;
  }
  return score;
}

/**
 * The category of a request that arrives whole (an email), from its subject and text: the best
 * suggestion when it is clear, else the category Customer care triages from (R1.6). Unclear is no
 * suggestion, a category whose department depends on a question nobody can answer here (R1.4), or
 * a tie between categories of different departments.
 */
export function triageCategory(policy: Policy, freeText: string): { categoryId: string; clear: boolean } {
  const [best, second] = suggestCategories(policy, freeText, 2);
  const category = best && policy.categories.find((c) => c.id === best.categoryId);
  const tied = second !== undefined && best !== undefined && second.score === best.score;
  const otherDepartment = tied && policy.categories.find((c) => c.id === second.categoryId)?.department !== category?.department;
  if (category && !category.question && !otherDepartment) return { categoryId: category.id, clear: true };
  return { categoryId: triageCategoryOf(policy), clear: false };
}

/** Customer care's category for anything else (R1.6): "other", else the last plain category routed to Customer care. */
function triageCategoryOf(policy: Policy): string {
  const plain = policy.categories.filter((c) => c.department === policy.customerCare.department && !c.requiresApproval && !c.question);
  const care = plain.find((c) => c.id === "other") ?? plain.at(-1);
  if (!care) throw new AppError("policy.no_triage_category", `no category routes to ${policy.customerCare.department}`);
  return care.id;
}
