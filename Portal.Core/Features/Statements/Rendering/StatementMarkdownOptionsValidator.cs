using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Statements;

/// <summary>Checks <c>Portal:Markdown</c> at start: each image host is a bare host name, as the Content-Security-Policy needs it.</summary>
internal sealed class StatementMarkdownOptionsValidator : IValidateOptions<StatementMarkdownOptions>
{
    public ValidateOptionsResult Validate(string? name, StatementMarkdownOptions options)
    {
        var failures = new PortalSettingFailures(StatementMarkdownOptions.Section);
        for (var i = 0; i < options.ImageHosts.Count; i++)
        {
            var host = options.ImageHosts[i].Trim();
            if (host.Length > 0 && Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                failures.Add($"{nameof(StatementMarkdownOptions.ImageHosts)}:{i}", $"must be a host name such as images.example.com, without https:// or a path; it is '{host}'.");
            }
        }

        return failures.Result;
    }
}
