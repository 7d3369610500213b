// The connection to the status hub (/hubs/status) that every portal script shares: live.js, which
// keeps static pages current, and the widget that other sites embed (Widget/widget.js; /widget.js
// serves it with this file, see Api/WidgetEndpoints.cs). Keep it free of other imports.
//
// It never gives up. Every retry, the first connection's included, waits a little longer (1 s
// doubling to 30 s), spread at random, so that thousands of pages that lost the portal together
// do not all return in the same second.

/** How long to wait before retry number `attempt` (0 for the first). */
export function retryDelay(attempt) {
    return Math.min(30_000, 1000 * 2 ** attempt) * (0.5 + Math.random());
}

/**
 * Connects to the hub at `url` with the SignalR client `signalR` (and its `transport` options) and
 * stays connected. `onEvent(message)` hears each event; `onState(state)` hears "live",
 * "reconnecting" or "offline"; `onConnected(connection)` runs after every (re)connection, the moment
 * to catch up on what was missed. Returns the connection and `stop()`, after which nothing is heard.
 */
export function connectStatusHub({ signalR, url, transport = {}, onEvent, onState, onConnected }) {
    let stopped = false;
    const connection = new signalR.HubConnectionBuilder()
        .withUrl(url, transport)
        .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => retryDelay(retry.previousRetryCount) })
        .configureLogging(signalR.LogLevel.None)
        .build();

    const tell = (state) => {
        if (!stopped) {
            onState(state);
        }
    };
    const connected = () => {
        if (!stopped) {
            onState("live");
            onConnected(connection);
        }
    };

    connection.on("event", (message) => {
        if (!stopped) {
            onEvent(message);
        }
    });
    connection.onreconnecting(() => tell("reconnecting"));
    connection.onreconnected(connected);
    connection.onclose(() => tell("offline"));

    const start = (attempt) => connection.start().then(connected, () => {
        if (!stopped) {
            tell("reconnecting");
            setTimeout(() => start(attempt + 1), retryDelay(attempt));
        }
    });
    start(0);

    return {
        connection,
        stop() {
            stopped = true;
            return connection.stop();
        },
    };
}
