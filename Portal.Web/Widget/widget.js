// The Estate Status Portal widget. Embed it on any page:
//   <script src="https://portal.example.com/widget.js" data-audience="public" async></script>
// It shows the overall status and the latest statement, kept live through the portal's status hub
// (/hubs/status). It connects anonymously, so it shows the Public audience only: a key for another
// audience must never be put in a web page. The SignalR client comes from the portal itself.
//
// The portal serves this file at /widget.js after wwwroot/status-hub.js (Api/WidgetEndpoints.cs),
// which gives it connectStatusHub: the hub connection and its retries, shared with live.js.
(() => {
    "use strict";

    const script = document.currentScript;
    if (!script) {
        return;
    }

    const portal = new URL(script.src, location.href).origin;
    // Each status's name and colour come from the portal, which defines them once for its own pages
    // too. Until they arrive the raw status is shown; the last board is drawn again once they do.
    let statusLooks = {};
    let lastBoard = null;
    const looksLoader = document.createElement("script");
    looksLoader.src = `${portal}/widget-statuses.js`;
    looksLoader.onload = () => {
        statusLooks = window.estateStatusLooks || {};
        if (lastBoard) {
            render(lastBoard);
        }
    };
    document.head.appendChild(looksLoader);

    const host = document.createElement("div");
    host.className = "estate-status-widget";
    script.after(host);
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML = `
        <style>
            :host { display: block; font: 14px/1.4 system-ui, sans-serif; }
            .box { border: 1px solid #ccc; border-radius: 8px; padding: 10px 12px; max-width: 28rem; }
            .overall { display: flex; align-items: center; gap: 8px; font-weight: 600; }
            .dot { width: 10px; height: 10px; border-radius: 50%; background: #888; flex: none; }
            .statement { margin-top: 6px; }
            .statement a { font-weight: 600; }
            .excerpt { margin: 2px 0 0; }
            .live { margin-top: 6px; font-size: 12px; opacity: 0.75; }
        </style>
        <div class="box">
            <div class="overall"><span class="dot" aria-hidden="true"></span><span class="overall-text">Loading status…</span></div>
            <div class="statement" hidden><a class="statement-link" target="_blank" rel="noopener"></a><p class="excerpt"></p></div>
            <div class="live" role="status" aria-live="polite">Connecting…</div>
            <a class="portal-link" href="${portal}/" target="_blank" rel="noopener">All systems and updates</a>
        </div>`;
    const $ = (selector) => root.querySelector(selector);

    if ((script.dataset.audience || "public") !== "public") {
        $(".live").textContent = "This widget shows the public status only.";
    }

    function render(board) {
        lastBoard = board;
        const { name, colour } = statusLooks[board.overallStatus] || { name: board.overallStatus, colour: "#888" };
        $(".overall-text").textContent = `Overall: ${name}`;
        $(".dot").style.background = colour;
        const latest = board.latestStatements[0];
        $(".statement").hidden = !latest;
        if (latest) {
            const link = $(".statement-link");
            link.textContent = latest.title + (latest.state === "withdrawn" ? " (withdrawn)" : "");
            link.href = `${portal}/statements/${encodeURIComponent(latest.id)}`;
            $(".excerpt").textContent = latest.excerpt;
        }
    }

    const liveTexts = {
        live: "Live",
        reconnecting: "Reconnecting…",
        offline: "Offline: reload the page to try again.",
    };

    function setLive(text) {
        $(".live").textContent = text;
    }

    function cannotLoad() {
        setLive("The status could not be loaded. See the portal for the latest.");
    }

    function loadSignalR() {
        if (window.signalR) {
            return Promise.resolve(window.signalR);
        }

        return new Promise((resolve, reject) => {
            const loader = document.createElement("script");
            loader.src = `${portal}/lib/signalr/signalr.min.js`;
            loader.onload = () => resolve(window.signalR);
            loader.onerror = () => reject(new Error("The SignalR client could not be loaded from the portal."));
            document.head.appendChild(loader);
        });
    }

    async function run() {
        const signalR = await loadSignalR();
        // Many widgets may watch one portal: after events, take one fresh snapshot, a little later and at a random moment.
        let pending = null;
        let connection = null;
        const refresh = async () => render(await connection.invoke("GetSnapshot"));
        connectStatusHub({
            signalR,
            url: `${portal}/hubs/status`,
            // WebSockets without the negotiate request: no CORS needed on whichever site embeds this.
            transport: { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets },
            onEvent: () => {
                pending ??= setTimeout(() => {
                    pending = null;
                    refresh().catch(cannotLoad);
                }, 200 + Math.random() * 800);
            },
            onState: (state) => setLive(liveTexts[state]),
            onConnected: (connected) => {
                connection = connected;
                refresh().catch(cannotLoad);
            },
        });
    }

    run().catch(cannotLoad);
})();
