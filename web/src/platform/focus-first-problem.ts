/**
 * After the render that marks the fields, focus goes to the first field with a problem, in the
 * order the form shows them (the DOM's order), so a keyboard or screen-reader user lands on it.
 */
export function focusFirstProblem(form: HTMLElement | null): void {
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"], .has-problem input, .has-problem select')?.focus());
}
