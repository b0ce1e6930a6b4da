import type { Language } from "../kernel/language.js";
import type { Policy } from "./policy.schema.js";

/** A department's name in a language; an id the policy no longer has is shown as it is. */
export const departmentName = (policy: Policy, departmentId: string, language: Language): string =>
  policy.departments.find((d) => d.id === departmentId)?.name[language] ?? departmentId;

/** A category's name for customers: its customer name when the policy gives one, else the staff's name. */
export const customerCategoryName = (policy: Policy, categoryId: string, language: Language): string => {
  const category = policy.categories.find((c) => c.id === categoryId);
  return (category?.customerName ?? category?.name)?.[language] ?? categoryId;
};

/** A category's name in a language; an id the policy no longer has is shown as it is. */
export const categoryName = (policy: Policy, categoryId: string, language: Language): string =>
  policy.categories.find((c) => c.id === categoryId)?.name[language] ?? categoryId;
