// Keeps a static live page current without a Blazor circuit. App.razor loads this (after
// blazor.web.js and the portal's own SignalR client) only where an anonymous viewer gets a public
// page as static server-rendered HTML (Components/Shared/StaticForAnonymousAttribute.cs).
//
// - The page root carries data-sequence, the event sequence its content is current at, and
//   data-rendered-at, the server's clock when it was rendered (Components/Shared/LivePage.cs).
// - One connection to the status hub (status-hub.js, shared with the widget), made anonymously,
//   so it hears Public events only. An event newer than the page, or a Resume after (re)connecting
//   that finds one, refreshes the page with Blazor's enhanced navigation to the same address: the
//   same request as the viewer's (cookies and all), merged into the document in place, so scroll
//   position and focus stay.
// - A system's status change and a newly published statement are shown the moment they are heard,
//   before that refresh, from what the server drew (Components/Shared/LiveTemplates.razor). For a status:
//   the chips marked data-live-status with the system's slug take the new status's chip, the group chips
//   marked data-live-worst are worked out again, and the "updated" times marked data-live-changed move
//   on. For a statement: a card goes first in the list marked data-live-statements (its title, excerpt
//   and time set as text, never as markup), keeping data-live-limit cards. The refresh that follows
//   brings the rest (the banner, phase progress, history) and waits longer, as the change itself is
//   already on screen: a crowd of pages asks for the page between one and three seconds after the
//   event, once the hub has sent it to everyone, rather than within half a second, while it still is.
//   Until a refresh brings a render that includes the change, it is drawn again after every merge.
// - At most one refresh is in flight; events meanwhile leave one more to do when it ends.
// - The live indicator says Live or Reconnecting… from the hub connection, and the root's
//   data-live is "on" only while the hub is connected and the page is current.
// - Relative times ("5 minutes ago") are rewritten every minute, with RelativeTime.razor's rules,
//   against the server's clock, rather than asking the server for the page again.
import { showLiveState } from "./Portal.Web.lib.module.js";
import { connectStatusHub } from "./status-hub.js";
import { showLocalTimes } from "./local-time.js";

const minute = 60_000;
const refreshSpread = 500; // ms: many viewers hear one event; they ask for the page spread over half a second
// ms: when the change is already shown in place, the refresh waits at least a second, by which time the
// hub has sent the event to everyone else (10,000 connections take about that), then spreads over two
const shownRefreshAfter = 1000;
const shownRefreshSpread = 2000;
const refreshGiveUp = 30_000; // ms: a refresh whose request failed never reports its end

let hub = null; // the status hub connection (status-hub.js), while a static live page is shown
let connected = false;
let latest = 0; // the newest sequence the hub has told us of (or the page was rendered at)
let refreshedFor = 0; // what the last refresh was asked for: the same gap never causes a second one
let navigating = false; // an enhanced navigation (a refresh, or the viewer's own click) is in flight
let navigationGuard = null;
let refreshTimer = null;
let clockSkew = 0; // server clock minus this browser's clock
let shownInPlace = []; // changes drawn in place that no render the page has merged includes yet
let indicatorState = "off";

function indicate(state) {
    indicatorState = state;
    showLiveState(state);
}

const pageRoot = () => document.querySelector("[data-sequence]");

function update() {
    const root = pageRoot();
    if (!root) {
        // The viewer navigated to a page that is not a static live page (or it is now interactive).
        stop();
        return;
    }

    start();
    // A refresh merges the server's markup into the document, and with it the indicator's attributes
    // as rendered ("off"): say again what the connection is.
    showLiveState(indicatorState);
    const rendered = Number(root.dataset.sequence);
    const behind = latest > rendered;
    root.dataset.live = connected && !behind ? "on" : "off";
    if (behind && connected && !navigating && !refreshTimer && latest > refreshedFor) {
        const shown = shownInPlace.some((change) => change.sequence === latest);
        const delay = shown ? shownRefreshAfter + Math.random() * shownRefreshSpread : Math.random() * refreshSpread;
        refreshTimer = setTimeout(refresh, delay);
    }
}

function refresh() {
    refreshTimer = null;
    if (navigating || !pageRoot()) {
        return;
    }

    refreshedFor = latest;
    Blazor.navigateTo(location.href, { replaceHistoryEntry: true });
}

// The chip the server draws for `status` (a SystemStatus name, in any case), and its severity.
function statusChip(status) {
    const wanted = String(status).toLowerCase();
    const template = [...document.querySelectorAll("template[data-status-chip]")]
        .find((candidate) => candidate.dataset.statusChip.toLowerCase() === wanted);
    return template && { severity: Number(template.dataset.severity), chip: () => template.content.firstElementChild.cloneNode(true) };
}

// Components/Shared/RelativeTime.razor's Exact ("29 Nov 2026, 20:31 UTC"), for the title of a time moved on.
const exactTime = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC",
});

// Sets a RelativeTime's <time> to `at` (Unix ms): its datetime, its exact title and its text.
function showTime(time, at) {
    time.setAttribute("datetime", new Date(at).toISOString());
    time.title = `${exactTime.format(at)} UTC`;
    time.textContent = describe(at, Date.now() + clockSkew);
}

// Draws one systemStatusChanged event on the page; false when there was nothing of it to draw.
function drawStatusChange(root, { slug, status, changedAt }) {
    const fresh = statusChip(status);
    if (!fresh) {
        return false;
    }

    let drawn = false;
    for (const chip of root.querySelectorAll(`[data-live-status="${CSS.escape(slug)}"]`)) {
        if (chip.dataset.status?.toLowerCase() !== String(status).toLowerCase()) {
            const replacement = fresh.chip();
            replacement.dataset.liveStatus = slug;
            chip.replaceWith(replacement);
        }

        drawn = true;
    }

    for (const worstChip of root.querySelectorAll("[data-live-worst]")) {
        const scope = worstChip.closest("[data-live-scope]") ?? root;
        const worst = [...scope.querySelectorAll("[data-live-status]")]
            .map((chip) => statusChip(chip.dataset.status))
            .filter(Boolean)
            .reduce((a, b) => (b.severity > a.severity ? b : a), statusChip("Operational"));
        const current = statusChip(worstChip.dataset.status);
        if (worst && current && worst.severity !== current.severity) {
            const replacement = worst.chip();
            replacement.dataset.liveWorst = "";
            worstChip.replaceWith(replacement);
        }
    }

    const at = Date.parse(changedAt);
    if (!Number.isNaN(at)) {
        for (const time of root.querySelectorAll(`time[data-live-changed="${CSS.escape(slug)}"]`)) {
            showTime(time, at);
        }
    }

    return drawn;
}

// Draws one statementPublished event: the statement's card first in the list, unless the page has none;
// false when there was nothing of it to draw. Published again (after a withdrawal), it moves to the top.
function drawStatementPublished(root, { id, title, excerpt, publishedAt }) {
    const list = root.querySelector("[data-live-statements]");
    const template = document.querySelector("template[data-statement-card]");
    const at = Date.parse(publishedAt);
    if (!list || !template || Number.isNaN(at)) {
        return false;
    }

    const card = template.content.firstElementChild.cloneNode(true);
    card.dataset.statementId = String(id);
    const link = card.querySelector("[data-statement-title]");
    link.setAttribute("href", `/statements/${id}`);
    link.textContent = title;
    card.querySelector("[data-statement-excerpt]").textContent = typeof excerpt === "string" ? excerpt : "";
    showTime(card.querySelector("time"), at);

    list.querySelector(`:scope > [data-statement-id="${id}"]`)?.remove();
    list.prepend(card);
    const limit = Number(list.dataset.liveLimit);
    for (const older of [...list.querySelectorAll(":scope > [data-statement-id]")].slice(limit > 0 ? limit : Infinity)) {
        older.remove();
    }

    root.querySelector("[data-live-no-statements]")?.remove();
    return true;
}

// The events whose change can be drawn without the server, by type: whether an event's data can be drawn,
// and how. (An audience that lost sight of a system hears systemStatusChanged without a status: the
// refresh removes the system.)
const drawnInPlace = new Map([
    ["systemStatusChanged", {
        accepts: (data) => typeof data?.slug === "string" && typeof data.status === "string",
        draw: drawStatusChange,
    }],
    ["statementPublished", {
        accepts: (data) => Number.isSafeInteger(data?.id) && data.id > 0 && typeof data.title === "string",
        draw: drawStatementPublished,
    }],
]);

// Shows the changes the page's render does not include yet; forgets those it does.
function drawShownInPlace() {
    const root = pageRoot();
    if (!root) {
        shownInPlace = [];
        return;
    }

    const rendered = Number(root.dataset.sequence);
    shownInPlace = shownInPlace.filter((change) => change.sequence > rendered && drawnInPlace.get(change.type).draw(root, change.data));
}

function showInPlace(message) {
    const drawer = drawnInPlace.get(message.type);
    if (!drawer?.accepts(message.data)) {
        return;
    }

    shownInPlace.push({ sequence: message.sequence, type: message.type, data: message.data });
    drawShownInPlace();
}

function heard(sequence) {
    latest = Math.max(latest, sequence);
    update();
}

async function catchUp() {
    const root = pageRoot();
    if (!root || !hub) {
        return;
    }

    const missed = await hub.connection.invoke("Resume", Number(root.dataset.sequence));
    if (missed.tooFarBehind) {
        heard(missed.currentSequence);
    } else if (missed.events.length > 0) {
        heard(missed.events[missed.events.length - 1].sequence);
    } else {
        update();
    }
}

function start() {
    if (hub) {
        return;
    }

    hub = connectStatusHub({
        signalR,
        url: "/hubs/status",
        onEvent: (message) => {
            showInPlace(message);
            heard(message.sequence);
        },
        onState: (state) => {
            connected = state === "live";
            indicate(state);
            if (!connected) {
                update();
            }
        },
        // A change committed between the page's render and now (or while disconnected) is not lost.
        onConnected: () => catchUp().catch(() => update()),
    });
}

function stop() {
    if (!hub) {
        return;
    }

    const closing = hub;
    hub = null;
    connected = false;
    clearTimeout(refreshTimer);
    refreshTimer = null;
    shownInPlace = [];
    indicate("off");
    closing.stop();
}

function readServerClock() {
    const renderedAt = Date.parse(pageRoot()?.dataset.renderedAt ?? "");
    if (!Number.isNaN(renderedAt)) {
        clockSkew = renderedAt - Date.now();
    }
}

// Components/Shared/RelativeTime.razor's Describe, in the browser.
function describe(at, now) {
    const span = now - at;
    const length = Math.abs(span);
    if (length < minute) {
        return "just now";
    }

    const plural = (count, unit) => (count === 1 ? `1 ${unit}` : `${count} ${unit}s`);
    const amount = length < 60 * minute ? plural(Math.floor(length / minute), "minute")
        : length < 24 * 60 * minute ? plural(Math.floor(length / (60 * minute)), "hour")
        : plural(Math.floor(length / (24 * 60 * minute)), "day");
    return span < 0 ? `in ${amount}` : `${amount} ago`;
}

function retellTimes() {
    const root = pageRoot();
    if (!root) {
        return;
    }

    const now = Date.now() + clockSkew;
    for (const time of root.querySelectorAll("time[data-relative][datetime]")) {
        const text = describe(Date.parse(time.getAttribute("datetime")), now);
        if (time.textContent !== text) {
            time.textContent = text;
        }
    }
}

Blazor.addEventListener("enhancednavigationstart", () => {
    navigating = true;
    clearTimeout(navigationGuard);
    navigationGuard = setTimeout(() => {
        navigating = false;
        update();
    }, refreshGiveUp);
});
Blazor.addEventListener("enhancedload", () => {
    readServerClock();
    drawShownInPlace();
    update();
});
Blazor.addEventListener("enhancednavigationend", () => {
    navigating = false;
    clearTimeout(navigationGuard);
    update();
});

readServerClock();
setInterval(retellTimes, minute);
showLocalTimes();
update();
