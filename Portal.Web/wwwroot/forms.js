// Moves focus to the first field that a failed submit marked aria-invalid (Components/Shared/Forms/
// SubmitValidation.cs). Interactive forms call it after the failed submit has rendered; static
// pages (sign-in, register, subscribe…) come back from the server with the marks, and the
// page's start calls it once.

const focusable = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex='-1'])";

function firstInvalidIn(root) {
    for (const marked of root.querySelectorAll("[aria-invalid='true']")) {
        // A group of choices is marked as a whole; its first choice takes the focus.
        const target = marked.matches(focusable) ? marked : marked.querySelector(focusable);
        if (target) {
            return target;
        }
    }
    return null;
}

/** Focuses the first invalid field of the form around the given element (or of the page); else the element itself. */
export function focusFirstInvalid(start) {
    const root = start?.closest?.("form") ?? document;
    const target = firstInvalidIn(root) ?? (start instanceof HTMLElement ? start : null);
    target?.focus();
    return target !== null;
}

/** On a page the server sent back after a failed submit, focus goes to the first invalid field of a form. */
export function focusFirstInvalidOnPage() {
    const form = [...document.querySelectorAll("form")].find(f => firstInvalidIn(f) !== null);
    if (form) {
        firstInvalidIn(form).focus();
    }
}
