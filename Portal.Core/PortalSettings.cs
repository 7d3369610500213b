using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Core;

/// <summary>
/// Binds each configuration section once, to one options class, checked when the host starts
/// (<c>ValidateOnStart</c>); <see cref="ThrowIfInvalid"/> turns a bad value into one line naming its key.
/// </summary>
public static class PortalSettings
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="TOptions"/>, checked by <typeparamref name="TValidator"/> at start.</summary>
    public static OptionsBuilder<TOptions> AddPortalSettings<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>Checks every section registered with <see cref="AddPortalSettings"/>; throws <see cref="PortalStartupException"/> naming each bad key.</summary>
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception problem) when (problem is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            throw new PortalStartupException(Describe(problem));
        }
    }

    /// <summary>Binds a section outside dependency injection; a value of the wrong type throws <see cref="PortalStartupException"/>.</summary>
    internal static TOptions Bind<TOptions>(IConfigurationSection section)
        where TOptions : class, new()
    {
        try
        {
            return section.Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException problem)
        {
            throw new PortalStartupException(Describe(problem));
        }
    }

    private static string Describe(Exception problem) => problem switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException several => string.Join(" ", several.InnerExceptions.Select(Describe)),
        // The binder names the key: "Failed to convert configuration value at 'Portal:Hub:CallBurst' to type 'System.Int32'."
        _ => problem.Message.ReplaceLineEndings(" "),
    };
}

/// <summary>Collects the failures of one section, each a sentence that starts with the full key.</summary>
public sealed class PortalSettingFailures(string section)
{
    private readonly List<string> _failures = [];

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    public void Add(string key, string problem) => _failures.Add($"{section}:{key} {problem}");

    public void RequireText(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(key, "must not be empty.");
        }
    }

    public void RequireAtLeast(string key, long value, long least)
    {
        if (value < least)
        {
            Add(key, string.Create(CultureInfo.InvariantCulture, $"must be {least} or more; it is {value}."));
        }
    }

    public void RequirePositive(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(key, string.Create(CultureInfo.InvariantCulture, $"must be a positive time span such as 00:00:30; it is {value}."));
        }
    }

    public void RequireAtLeast(string key, TimeSpan value, TimeSpan least)
    {
        if (value < least)
        {
            Add(key, string.Create(CultureInfo.InvariantCulture, $"must be {least} or more; it is {value}."));
        }
    }

    public void RequireNotNegative(string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            Add(key, string.Create(CultureInfo.InvariantCulture, $"must be a time span of zero or more such as 00:00:30; it is {value}."));
        }
    }

    /// <summary>An http or https address with a host and no query, or nothing.</summary>
    public void RequireAbsoluteAddress(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(address.Host) || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
        {
            Add(key, $"must be an absolute http or https address such as https://status.example.com; it is '{value}'.");
        }
    }

    public void RequireEmail(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !System.Net.Mail.MailAddress.TryCreate(value, out _))
        {
            Add(key, $"must be an email address; it is '{value}'.");
        }
    }
}
