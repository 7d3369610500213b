using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Portal.Tests.Support;

/// <summary>
/// Reads MudBlazor inputs the way a person sees them: the field and the message beneath it.
/// Tests change datetime-local inputs with seconds ("2026-12-01T06:00:00") because that is how
/// Blazor reports a browser's value, whatever the input shows.
/// </summary>
public static class MudInputs
{
    /// <summary>The input control around the element with <paramref name="testId"/>: label, value and the message under the field.</summary>
    public static IElement FieldOf(this IRenderedComponent<IComponent> rendered, string testId) =>
        rendered.Find($"[data-testid='{testId}']").Closest(".mud-input-control")
            ?? throw new InvalidOperationException($"[data-testid='{testId}'] is not inside a MudBlazor input control.");

    /// <summary>The validation message shown under the field with <paramref name="testId"/>, or "" when there is none.</summary>
    public static string MessageUnder(this IRenderedComponent<IComponent> rendered, string testId) =>
        rendered.FieldOf(testId).QuerySelector(".mud-input-error > .me-auto")?.TextContent.Trim() ?? "";

    /// <summary>The value the input with <paramref name="testId"/> holds now.</summary>
    public static string ValueOfField(this IRenderedComponent<IComponent> rendered, string testId)
    {
        var input = rendered.Find($"[data-testid='{testId}']");
        return input.TagName == "TEXTAREA" ? input.TextContent : input.GetAttribute("value") ?? "";
    }
}
