using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Admin.Shared;

/// <summary>
/// A console page: live over the whole estate, so it follows every other person's change, including
/// those only staff see (drafts, approvals, people, keys). Forms on the page keep what was typed
/// across reloads: they take their values once, when they open.
/// </summary>
public abstract class LiveConsolePage : LivePage
{
    protected sealed override LiveScope Scope => LiveScope.WholeEstate;
}
