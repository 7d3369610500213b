// Shows times in the viewer's own time zone. The server renders every moment a viewer reads as
// <time data-local="moment|day" datetime="…Z" title="… UTC">… UTC</time> (Components/Shared/LocalTime.razor):
// right without script, and the same answer for everybody, so it can be cached. Here the text becomes
// the viewer's local time with its zone named ("9 Nov 2026, 11:30 CET"), and the UTC time stays in the
// title. Relative times ("5 days ago", RelativeTime.razor) get the local time in their title too.
//
// Pages change after this runs: a static live page is refreshed by enhanced navigation (live.js), an
// interactive page is re-rendered by its circuit, and both put UTC text back. One observer of the whole
// document tells every such change again. It edits the existing text node rather than replacing it, so
// the circuit's next update of that node still lands.

const moment = new Intl.DateTimeFormat(undefined, {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
});
const utcMoment = new Intl.DateTimeFormat(undefined, {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short",
});
const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const dayWithYear = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

function localText(time, at) {
    switch (time.dataset.local) {
        case "day":
            return (new Date(at).getFullYear() === new Date().getFullYear() ? day : dayWithYear).format(at);
        default:
            return moment.format(at);
    }
}

function setText(time, text) {
    const node = time.firstChild;
    if (node && node.nodeType === Node.TEXT_NODE && !node.nextSibling) {
        if (node.data !== text) {
            node.data = text;
        }
    } else if (time.textContent !== text) {
        time.textContent = text;
    }
}

function tell(time) {
    const at = Date.parse(time.getAttribute("datetime") ?? "");
    if (Number.isNaN(at) || !(time.hasAttribute("data-local") || time.hasAttribute("data-relative"))) {
        return;
    }

    const title = time.hasAttribute("data-local") ? utcMoment.format(at) : `${moment.format(at)} (${utcMoment.format(at)})`;
    if (time.hasAttribute("data-local")) {
        setText(time, localText(time, at));
    }

    if (time.title !== title) {
        time.title = title;
    }
}

function tellAll(root) {
    for (const time of root.querySelectorAll("time[data-local][datetime], time[data-relative][datetime]")) {
        tell(time);
    }
}

let observer = null;

/** Rewrites every time on the page to local time, now and whenever the page changes. */
export function showLocalTimes() {
    if (observer) {
        return;
    }

    tellAll(document);
    observer = new MutationObserver((changes) => {
        const seen = new Set();
        for (const change of changes) {
            const target = change.target.nodeType === Node.TEXT_NODE ? change.target.parentElement : change.target;
            const time = target?.closest?.("time[datetime]");
            if (time) {
                seen.add(time);
            }

            for (const added of change.addedNodes) {
                if (added.nodeType === Node.ELEMENT_NODE) {
                    if (added.matches("time[datetime]")) {
                        seen.add(added);
                    }

                    added.querySelectorAll("time[datetime]").forEach((t) => seen.add(t));
                }
            }
        }

        // Each write below is seen again, and then changes nothing: no loop.
        seen.forEach(tell);
    });
    observer.observe(document.documentElement, {
        subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["datetime"],
    });
}
