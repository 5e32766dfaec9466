/** Looks up the translated error a form shows under one of its fields (fieldErrors' `errorOf`). */
export type ErrorOf = (field: string) => string | undefined;

/**
 * The labels of a list's fields under their API names (`weeklyHours.2.end`, the row `weeklyHours.2`, the list
 * `weeklyHours`), most specific first, as fieldErrors takes the first name a refused field falls under.
 */
export function rowLabels(
  list: string,
  listLabel: string,
  count: number,
  labelsOf: (row: number) => { row: string; fields: Record<string, string> },
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const { row, fields } = labelsOf(index + 1);
    for (const [field, label] of Object.entries(fields)) labels[`${list}.${index}.${field}`] = label;
    labels[`${list}.${index}`] = row;
  }
  labels[list] = listLabel;
  return labels;
}

/** The problem the server found with a row: one of its fields, or the row as a whole (an overlap). */
export const problemOfRow = (errorOf: ErrorOf, list: string, index: number, fields: readonly string[]) =>
  fields.map((field) => errorOf(`${list}.${index}.${field}`)).find(Boolean) ?? errorOf(`${list}.${index}`);
