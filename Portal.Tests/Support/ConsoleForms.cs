using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Portal.Tests.Support;

/// <summary>
/// Finds and fills the MudBlazor fields of console forms by what a person reads on the page: field
/// labels, the legends of choice lists, button texts. Every call queries the markup afresh, since
/// each interaction re-renders it.
/// </summary>
public static class ConsoleForms
{
    /// <summary>
    /// Types <paramref name="text"/> into the text or number field labelled <paramref name="label"/>, as if
    /// leaving it afterwards; once a submit has failed the field checks itself as the person types, so it
    /// listens for input instead of change.
    /// </summary>
    public static void Type<T>(this IRenderedComponent<T> cut, string label, string text)
        where T : IComponent
    {
        var field = cut.Find($"#{FieldId(cut, label)}");
        try
        {
            field.Change(text);
        }
        catch (MissingEventHandlerException)
        {
            field.Input(text);
        }
    }

    /// <summary>What the field labelled <paramref name="label"/> holds now.</summary>
    public static string ValueOf<T>(this IRenderedComponent<T> cut, string label)
        where T : IComponent => cut.Find($"#{FieldId(cut, label)}").GetAttribute("value") ?? "";

    /// <summary>The validation message shown under the field labelled <paramref name="label"/>, or "" if none.</summary>
    public static string MessageAt<T>(this IRenderedComponent<T> cut, string label)
        where T : IComponent
    {
        var control = cut.Find($"label[for='{FieldId(cut, label)}']").Closest(".mud-input-control")!;
        return control.QuerySelector(".mud-input-helper-text.mud-input-error .me-auto")?.TextContent.Trim() ?? "";
    }

    /// <summary>Picks <paramref name="option"/> in the radio choices under <paramref name="legend"/>, or ticks it among check boxes.</summary>
    public static void Choose<T>(this IRenderedComponent<T> cut, string legend, string option)
        where T : IComponent
    {
        var input = ChoiceInput(cut, legend, option);
        if (input.GetAttribute("type") == "radio")
        {
            input.Click();
        }
        else
        {
            input.Change(true);
        }
    }

    /// <summary>Unticks the check box <paramref name="option"/> under <paramref name="legend"/>.</summary>
    public static void Untick<T>(this IRenderedComponent<T> cut, string legend, string option)
        where T : IComponent => ChoiceInput(cut, legend, option).Change(false);

    /// <summary>The validation message shown under the choices headed <paramref name="legend"/>, or "" if none.</summary>
    public static string ChoiceMessage<T>(this IRenderedComponent<T> cut, string legend)
        where T : IComponent
    {
        var choices = Choices(cut, legend);
        var message = choices.QuerySelector(".validation-message") ?? choices.QuerySelector(".mud-input-helper-text.mud-input-error .me-auto");
        return message?.TextContent.Trim() ?? "";
    }

    public static void ClickButton<T>(this IRenderedComponent<T> cut, string text)
        where T : IComponent => cut.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    /// <summary>Submits the form marked <c>data-form="<paramref name="name"/>"</c> (bUnit does not submit on a button click).</summary>
    public static void SubmitForm<T>(this IRenderedComponent<T> cut, string name)
        where T : IComponent => cut.Find($"form[data-form='{name}']").Submit();

    private static string FieldId<T>(IRenderedComponent<T> cut, string label)
        where T : IComponent =>
        cut.FindAll("label.mud-input-label").SingleOrDefault(l => l.TextContent.Trim() == label)?.GetAttribute("for")
            ?? throw new InvalidOperationException($"There is no field labelled '{label}'.");

    private static IElement Choices<T>(IRenderedComponent<T> cut, string legend)
        where T : IComponent =>
        cut.FindAll("fieldset").SingleOrDefault(f => f.QuerySelector("legend")?.TextContent.Trim() == legend)
            ?? throw new InvalidOperationException($"There are no choices headed '{legend}'.");

    private static IElement ChoiceInput<T>(IRenderedComponent<T> cut, string legend, string option)
        where T : IComponent =>
        Choices(cut, legend).QuerySelectorAll("label").SingleOrDefault(l => l.TextContent.Trim() == option)?.QuerySelector("input")
            ?? throw new InvalidOperationException($"There is no option '{option}' under '{legend}'.");
}
