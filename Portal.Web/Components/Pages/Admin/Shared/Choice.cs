namespace Portal.Web.Components.Pages.Admin.Shared;

/// <summary>One option of a <see cref="ChoiceList{TValue}"/>. Consecutive options with the same section are listed under it.</summary>
public sealed record Choice<TValue>(TValue Value, string Label, string? Section = null);
