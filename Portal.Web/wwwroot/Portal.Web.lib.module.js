// Blazor JS initializer: keeps the live indicator (Components/Shared/LiveIndicator.razor) in step
// with the page's server connection, from Blazor's own reconnection events.
const texts = {
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

function show(indicator, state) {
    if (indicator.dataset.state === state) {
        return;
    }

    indicator.dataset.state = state;
    indicator.querySelector(".live-text").textContent = state === "offline" ? "Offline" : texts[state];
    indicator.querySelector(".live-reload").hidden = state !== "offline";
    indicator.title = texts[state];
}

export function afterServerStarted() {
    const indicator = document.getElementById("components-reconnect-modal");
    if (!indicator) {
        return;
    }

    show(indicator, "live");
    indicator.addEventListener("components-reconnect-state-changed", (event) => {
        const state = stateOf[event.detail?.state];
        if (state) {
            show(indicator, state);
        }
    });
    indicator.querySelector(".live-reload").addEventListener("click", (event) => {
        event.preventDefault();
        location.reload();
    });
}
