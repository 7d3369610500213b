using System.Globalization;

namespace Portal.LoadTest;

/// <summary>The command line of either role.</summary>
/// <param name="Pages">True to open live board pages (anonymous, so static HTML kept live by one hub connection each) in headless Chromium instead of hub connections.</param>
internal sealed record LoadOptions(bool ClientsOnly, Uri? Url, int Connections, int Concurrency, int WaitSeconds, bool Pages)
{
    public static LoadOptions? Parse(string[] args)
    {
        var clientsOnly = false;
        Uri? url = null;
        var connections = 2000;
        var concurrency = 50;
        var waitSeconds = 30;
        var pages = false;
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
                case "--connections" or "--count":
                    connections = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                // --circuits: the name from when an anonymous board page was a Blazor circuit.
                case "--pages" or "--circuits":
                    pages = true;
                    connections = int.Parse(Next(), CultureInfo.InvariantCulture);
                    concurrency = Math.Min(concurrency, 10);
                    break;
                case "--concurrency":
                    concurrency = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--wait-seconds":
                    waitSeconds = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                default:
                    return null;
            }
        }

        if (connections < 1 || concurrency < 1 || (clientsOnly && url is null))
        {
            return null;
        }

        return new LoadOptions(clientsOnly, url, connections, concurrency, waitSeconds, pages);
    }
}
