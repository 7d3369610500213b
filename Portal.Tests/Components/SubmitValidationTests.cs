using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;
using Portal.Tests.Support;
using Portal.Web.Components.Shared.Forms;

namespace Portal.Tests.Components;

/// <summary>The one validator of every form: quiet until a submit, then every message at once, then live as the person corrects.</summary>
public sealed class SubmitValidationTests : PortalComponentTest
{
    private BunitJSModuleInterop _forms = null!;

    private IRenderedComponent<ProbeForm> RenderProbe()
    {
        _forms = JSInterop.SetupModule("./forms.js");
        _forms.SetupVoid("focusFirstInvalid", _ => true);
        return Render<ProbeForm>();
    }

    private static string Message(IRenderedComponent<ProbeForm> form, string testId) =>
        ((IRenderedComponent<IComponent>)(object)form).MessageUnder(testId);

    private static string? Invalid(IRenderedComponent<ProbeForm> form, string testId) =>
        form.Find($"[data-testid={testId}]").GetAttribute("aria-invalid");

    [Fact]
    public void LeavingAnEmptyRequiredFieldOrAHalfTypedOneSaysNothing()
    {
        var form = RenderProbe();

        form.Find("[data-testid=name]").Blur();
        form.Find("[data-testid=email]").Change("not-an-address");
        form.Find("[data-testid=email]").Blur();

        Assert.Equal("", Message(form, "name"));
        Assert.Equal("", Message(form, "email"));
        Assert.Equal("false", Invalid(form, "name"));
        Assert.Empty(form.FindAll("[data-testid=validation-summary]"));
        Assert.Empty(_forms.Invocations);
    }

    [Fact]
    public void ASubmitShowsEveryMessageAtOnceMarksTheFieldsAndMovesFocusToTheFirst()
    {
        var form = RenderProbe();
        form.Find("[data-testid=email]").Change("not-an-address");

        form.Find("form").Submit();

        form.WaitForAssertion(() => Assert.Equal("Enter your name.", Message(form, "name")));
        Assert.Equal("Enter an address like name@example.com.", Message(form, "email"));
        Assert.Equal("true", Invalid(form, "name"));
        Assert.Equal("true", Invalid(form, "email"));
        var summary = form.Find("[data-testid=validation-summary]");
        Assert.Equal("alert", summary.GetAttribute("role"));
        Assert.Equal(["Enter your name.", "Enter an address like name@example.com."], summary.QuerySelectorAll("li").Select(li => li.TextContent));
        _forms.VerifyInvoke("focusFirstInvalid");
        Assert.Equal(0, form.Instance.Submitted);
    }

    [Fact]
    public void AfterAFailedSubmitACorrectedFieldLosesItsMessageAsThePersonTypes()
    {
        var form = RenderProbe();
        form.Find("form").Submit();
        form.WaitForAssertion(() => Assert.Equal("Enter your name.", Message(form, "name")));

        // Once told, a field sends each keystroke: no need to leave it for the message to go.
        form.Find("[data-testid=name]").Input("Ada");

        form.WaitForAssertion(() => Assert.Equal("", Message(form, "name")));
        Assert.Equal("false", Invalid(form, "name"));
        Assert.Equal("Enter your email address.", Message(form, "email"));
        Assert.Equal(["Enter your email address."], form.Find("[data-testid=validation-summary]").QuerySelectorAll("li").Select(li => li.TextContent));
    }

    [Fact]
    public void ASubmitThatPassesMakesTheFormQuietAgain()
    {
        var form = RenderProbe();
        form.Find("form").Submit();
        form.Find("[data-testid=name]").Input("Ada");
        form.Find("[data-testid=email]").Input("ada@example.com");

        form.Find("form").Submit();
        Assert.Equal(1, form.Instance.Submitted);

        form.Find("[data-testid=name]").Change("");
        form.Find("[data-testid=name]").Blur();
        Assert.Equal("", Message(form, "name"));
        Assert.Empty(form.FindAll("[data-testid=validation-summary]"));
    }

    public sealed class ProbeModel
    {
        [Required(ErrorMessage = "Enter your name.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an address like name@example.com.")]
        public string Email { get; set; } = "";
    }

    /// <summary>A form as the portal writes them: SubmitValidation first, then the portal's MudBlazor fields.</summary>
    public sealed class ProbeForm : ComponentBase
    {
        private readonly ProbeModel _model = new();

        public int Submitted { get; private set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<EditForm>(0);
            builder.AddComponentParameter(1, nameof(EditForm.Model), _model);
            builder.AddComponentParameter(2, nameof(EditForm.OnValidSubmit), EventCallback.Factory.Create<EditContext>(this, () => Submitted++));
            builder.AddComponentParameter(3, nameof(EditForm.ChildContent), (RenderFragment<EditContext>)(_ => fields =>
            {
                fields.OpenComponent<SubmitValidation>(0);
                fields.CloseComponent();
                fields.OpenRegion(1);
                Field(fields, "name", () => _model.Name, value => _model.Name = value);
                fields.CloseRegion();
                fields.OpenRegion(2);
                Field(fields, "email", () => _model.Email, value => _model.Email = value);
                fields.CloseRegion();
                fields.OpenElement(3, "button");
                fields.AddAttribute(4, "type", "submit");
                fields.AddContent(5, "Send");
                fields.CloseElement();
            }));
            builder.CloseComponent();
        }

        private void Field(RenderTreeBuilder fields, string testId, Expression<Func<string>> property, Action<string> set)
        {
            fields.OpenComponent<FormTextField<string>>(0);
            fields.AddComponentParameter(1, "Label", testId);
            fields.AddComponentParameter(2, "Value", property.Compile()());
            fields.AddComponentParameter(3, "ValueChanged", EventCallback.Factory.Create<string>(this, set));
            fields.AddComponentParameter(4, "For", property);
            fields.AddAttribute(5, "data-testid", testId);
            fields.CloseComponent();
        }
    }
}
