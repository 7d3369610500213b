using System.Globalization;

namespace Portal.LoadTest;

/// <summary>The command line of either role.</summary>
/// <param name="Pages">True to open live board pages (anonymous, so static HTML kept live by one hub connection each) in headless Chromium instead of hub connections.</param>
/// <param name="Mode">What the server side measures: hub connections or pages (the default), anonymous read throughput against a bare Kestrel app (<c>--http</c>), or a first visit's transfer in Chromium (<c>--transfer</c>).</param>
/// <param name="Seconds">How long each <c>--http</c> round drives one server.</param>
/// <param name="Rounds">How many rounds each server gets per request in <c>--http</c>; the median is reported.</param>
/// <param name="Threads">The load generator's threads in <c>--http</c>.</param>
/// <param name="Subscriptions">Confirmed email subscriptions seeded for <c>--email</c>.</param>
/// <param name="SmtpConnections">The portal's pooled SMTP connections in <c>--email</c>; null for its default.</param>
/// <param name="Endpoints">Webhook endpoints registered for <c>--webhooks</c> (and served by <c>--webhook-receiver</c>).</param>
/// <param name="Events">Public events committed in <c>--webhooks</c>: status changes and one published statement.</param>
/// <param name="FailingPercent">The share of webhook endpoints that answer 503 during the outage.</param>
/// <param name="OutageSeconds">How long those endpoints answer 503, from the first event.</param>
/// <param name="BrowserPages">With <c>--pages</c>: how many of the pages are Chromium tabs (all of them unless <c>--browser-pages</c> says fewer); the rest are <see cref="WirePage"/>s, which ask the portal for exactly what a page asks for but draw nothing.</param>
/// <param name="StatementChange">With <c>--pages</c>, <c>--change statement</c>: the one public change measured is a published statement rather than a system's status change.</param>
/// <param name="UrlB">For the clients of <c>--two-nodes</c>: node B, where every other connection opens and node A's connections move.</param>
internal sealed record LoadOptions(
    bool ClientsOnly, Uri? Url, int Connections, int Concurrency, int WaitSeconds, bool Pages,
    LoadMode Mode = LoadMode.Connections, int Seconds = 5, int Rounds = 5, int Threads = 1,
    int Subscriptions = 100_000, int? SmtpConnections = null, int Endpoints = 1000, int Events = 5, int FailingPercent = 10, int OutageSeconds = 60, Uri? UrlB = null, int? BrowserPages = null, bool StatementChange = false)
{
    public static LoadOptions? Parse(string[] args)
    {
        var clientsOnly = false;
        Uri? url = null;
        Uri? urlB = null;
        var connections = 2000;
        var concurrency = 50;
        var waitSeconds = 30;
        var pages = false;
        var mode = LoadMode.Connections;
        var seconds = 5;
        var rounds = 5;
        var threads = 1;
        var connectionsGiven = false;
        var waitGiven = false;
        var subscriptions = 100_000;
        int? smtpConnections = null;
        var endpoints = 1000;
        var events = 5;
        var failingPercent = 10;
        var outageSeconds = 60;
        int? browserPages = null;
        bool? statementChange = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--clients-only":
                    clientsOnly = true;
                    break;
                case "--url":
                    url = new Uri(Next());
                    break;
                case "--url-b":
                    urlB = new Uri(Next());
                    break;
                case "--two-nodes":
                    mode = LoadMode.TwoNodes;
                    break;
                case "--connections" or "--count":
                    connections = int.Parse(Next(), CultureInfo.InvariantCulture);
                    connectionsGiven = true;
                    break;
                case "--http":
                    mode = LoadMode.Http;
                    break;
                case "--transfer":
                    mode = LoadMode.Transfer;
                    break;
                case "--email":
                    mode = LoadMode.Email;
                    break;
                case "--webhooks":
                    mode = LoadMode.Webhooks;
                    break;
                case "--smtp-sink":
                    mode = LoadMode.SmtpSink;
                    break;
                case "--webhook-receiver":
                    mode = LoadMode.WebhookReceiver;
                    break;
                case "--subscriptions":
                    subscriptions = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--smtp-connections":
                    smtpConnections = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--endpoints":
                    endpoints = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--events":
                    events = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--failing-percent":
                    failingPercent = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--outage-seconds":
                    outageSeconds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    seconds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--threads":
                    threads = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                // --circuits: the name from when an anonymous board page was a Blazor circuit.
                case "--pages" or "--circuits":
                    pages = true;
                    connections = int.Parse(Next(), CultureInfo.InvariantCulture);
                    concurrency = Math.Min(concurrency, 10);
                    break;
                case "--browser-pages":
                    browserPages = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--change":
                    statementChange = Next() switch
                    {
                        "status" => false,
                        "statement" => true,
                        _ => throw new ArgumentException("--change is status or statement."),
                    };
                    break;
                case "--concurrency":
                    concurrency = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--wait-seconds":
                    waitSeconds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    waitGiven = true;
                    break;
                default:
                    return null;
            }
        }

        if (mode == LoadMode.Http && !connectionsGiven)
        {
            // Keep-alive connections of the load generator, as in the figures the goals were set against.
            connections = 16;
        }

        if (mode is LoadMode.Email or LoadMode.Webhooks && !waitGiven)
        {
            // A send to every subscriber or endpoint, with the webhook retry schedule's five-minute step.
            waitSeconds = 1800;
        }

        if (subscriptions < 1 || smtpConnections < 1 || endpoints < 1 || events < 2 || failingPercent is < 0 or > 100 || outageSeconds < 0)
        {
            return null;
        }

        if (connections < 1 || concurrency < 1 || seconds < 1 || rounds < 1 || threads < 1 || (clientsOnly && url is null)
            || (mode != LoadMode.Connections && (clientsOnly || pages))
            || (browserPages is { } browsers && (!pages || browsers < 1 || browsers > connections))
            || (statementChange is not null && !pages))
        {
            return null;
        }

        return new LoadOptions(clientsOnly, url, connections, concurrency, waitSeconds, pages, mode, seconds, rounds, threads,
            subscriptions, smtpConnections, endpoints, events, failingPercent, outageSeconds, urlB, browserPages, statementChange ?? false);
    }
}

/// <summary>What a run measures.</summary>
internal enum LoadMode
{
    /// <summary>Hub connections, or live board pages with <c>--pages</c>.</summary>
    Connections,

    /// <summary>Anonymous read throughput, the portal against a bare Kestrel app answering the same bytes.</summary>
    Http,

    /// <summary>The bytes a first visit to the board transfers, measured in Chromium.</summary>
    Transfer,

    /// <summary>One public statement mailed to N email subscriptions, into an SMTP sink in a child process.</summary>
    Email,

    /// <summary>Events to N webhook endpoints in a child process, some of which answer 503 for a while.</summary>
    Webhooks,

    /// <summary>The child role of <see cref="Email"/>: the SMTP sink.</summary>
    SmtpSink,

    /// <summary>The child role of <see cref="Webhooks"/>: the webhook receivers.</summary>
    WebhookReceiver,

    /// <summary>Hub connections split across two nodes on PostgreSQL (scripts/two-nodes.sh), one of which is killed.</summary>
    TwoNodes,
}
