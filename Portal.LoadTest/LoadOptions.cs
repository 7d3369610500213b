using System.Globalization;

namespace Portal.LoadTest;

/// <summary>The command line of either role.</summary>
/// <param name="Circuits">True to open live board pages (Blazor circuits) in headless Chromium instead of hub connections.</param>
internal sealed record LoadOptions(bool ClientsOnly, Uri? Url, int Connections, int Concurrency, int WaitSeconds, bool Circuits)
{
    public static LoadOptions? Parse(string[] args)
    {
        var clientsOnly = false;
        Uri? url = null;
        var connections = 2000;
        var concurrency = 50;
        var waitSeconds = 30;
        var circuits = false;
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
                case "--circuits":
                    circuits = true;
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

        return new LoadOptions(clientsOnly, url, connections, concurrency, waitSeconds, circuits);
    }
}
