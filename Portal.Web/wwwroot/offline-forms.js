// Console forms are Blazor forms: pressing Save sends the event over the page's circuit. While the
// circuit is down the browser would submit such a form itself (a native GET or POST to the page's
// own address), which at best puts the text in an address and at worst lands on a connection error
// page and loses it. While disconnected, this keeps every interactive form from submitting and
// disables its submit buttons; once the circuit is back, the fields' values go to it again and the
// buttons are as Blazor left them.

const disconnectedStates = new Set(["show", "retrying", "paused", "failed", "rejected", "resume-failed"]);
const offlineTitle = "Not connected: your text is kept. Save works again once the page reconnects.";
let connected = true;

// A form the portal renders interactively has no action of its own; plain HTML forms (sign out,
// preview as) name theirs and keep submitting natively.
const isInteractive = (form) => form instanceof HTMLFormElement && !form.hasAttribute("action");

function submitButtons(form) {
    return [...form.elements].filter((element) =>
        (element instanceof HTMLButtonElement || element instanceof HTMLInputElement) && element.type === "submit");
}

function disableSubmitButtons() {
    for (const form of document.querySelectorAll("form")) {
        if (!isInteractive(form)) {
            continue;
        }

        for (const button of submitButtons(form)) {
            if (!button.disabled) {
                button.disabled = true;
                button.dataset.offlineDisabled = button.title;
                button.title = offlineTitle;
            }
        }
    }
}

function restoreSubmitButtons() {
    for (const button of document.querySelectorAll("[data-offline-disabled]")) {
        button.disabled = false;
        button.title = button.dataset.offlineDisabled;
        delete button.dataset.offlineDisabled;
    }
}

// A text field tells the circuit its value on "change", which fires when it loses focus: pressing
// Save while disconnected takes the focus and that change is lost. Once reconnected, each field of
// an interactive form says its value again, so what is on the screen is what Save sends.
function resendFieldValues() {
    for (const form of document.querySelectorAll("form")) {
        if (!isInteractive(form)) {
            continue;
        }

        for (const field of form.querySelectorAll("textarea, input:not([type=radio]):not([type=checkbox]):not([type=hidden]):not([type=file]):not([type=submit]):not([type=button])")) {
            field.dispatchEvent(new Event("change", { bubbles: true }));
        }
    }
}

function setConnected(value) {
    if (connected === value) {
        return;
    }

    connected = value;
    document.documentElement.dataset.circuit = value ? "connected" : "disconnected";
    if (value) {
        resendFieldValues();
        restoreSubmitButtons();
    } else {
        disableSubmitButtons();
    }
}

/** Follows the circuit's state from Blazor's reconnection events on <paramref name="indicator"/>. */
export function guardFormsWhileDisconnected(indicator) {
    document.documentElement.dataset.circuit = "connected";
    indicator.addEventListener("components-reconnect-state-changed", (event) => {
        const state = event.detail?.state;
        if (state === "hide") {
            setConnected(true);
        } else if (disconnectedStates.has(state)) {
            setConnected(false);
        }
    });

    // Capturing, so it runs before Blazor's own handler and before the browser's default action
    // (Enter in a text field submits too, even with the button disabled).
    document.addEventListener("submit", (event) => {
        if (!connected && isInteractive(event.target)) {
            event.preventDefault();
            event.stopImmediatePropagation();
        }
    }, true);
}
