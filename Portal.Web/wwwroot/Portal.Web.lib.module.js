// Blazor JS initializer: keeps the live indicator (Components/Shared/LiveIndicator.razor) in step
// with the page's server connection. On an interactive page that is the circuit, from Blazor's own
// reconnection events; on a static page live.js drives it from the status hub through showLiveState.
//
// It also starts local-time.js on every page, static or interactive, and on a static page that
// the server sent back after a failed submit moves focus to the first invalid field (forms.js).
import { guardFormsWhileDisconnected } from "./offline-forms.js";
import { showLocalTimes } from "./local-time.js";
import { focusFirstInvalidOnPage } from "./forms.js";

const texts = {
    off: "",
    live: "Live",
    reconnecting: "Reconnecting…",
    offline: "Offline – reload",
};

const stateOf = {
    show: "reconnecting",
    retrying: "reconnecting",
    paused: "reconnecting",
    hide: "live",
    failed: "offline",
    rejected: "offline",
    "resume-failed": "offline",
};

const wired = new WeakSet();

/** Shows "live", "reconnecting", "offline" or nothing ("off") in the live indicator, if the page has one. */
export function showLiveState(state) {
    const indicator = document.getElementById("components-reconnect-modal");
    if (!indicator || indicator.dataset.state === state) {
        return;
    }

    // Not an attribute: enhanced navigation keeps this element's content but resets its attributes.
    if (!wired.has(indicator)) {
        wired.add(indicator);
        indicator.querySelector(".live-reload").addEventListener("click", (event) => {
            event.preventDefault();
            location.reload();
        });
    }

    indicator.dataset.state = state;
    indicator.querySelector(".live-text").textContent = state === "offline" ? "Offline" : texts[state];
    indicator.querySelector(".live-reload").hidden = state !== "offline";
    indicator.title = texts[state];
}

export function afterWebStarted(blazor) {
    showLocalTimes();
    focusFirstInvalidOnPage();
    blazor?.addEventListener?.("enhancedload", focusFirstInvalidOnPage);
}

export function afterServerStarted() {
    showLocalTimes();
    const indicator = document.getElementById("components-reconnect-modal");
    if (!indicator) {
        return;
    }

    showLiveState("live");
    guardFormsWhileDisconnected(indicator);
    indicator.addEventListener("components-reconnect-state-changed", (event) => {
        const state = stateOf[event.detail?.state];
        if (state) {
            showLiveState(state);
        }
    });
}
