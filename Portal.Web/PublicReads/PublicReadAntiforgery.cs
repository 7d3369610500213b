using Microsoft.AspNetCore.Antiforgery;

namespace Portal.Web.PublicReads;

/// <summary>
/// Keeps the antiforgery cookie off public reads. Blazor asks for the tokens (and with them the cookie)
/// on every page it renders, forms or not; a public page has no form, and one answer is served to
/// everybody, so it must carry no cookie. Should a form ever appear on such a page, its token would have
/// no matching cookie and its post would be refused: forms are never weakened, only a public page's
/// cookie is left out. Every other request, and every validation, is the framework's own.
/// </summary>
internal sealed class PublicReadAntiforgery(IAntiforgery inner) : IAntiforgery
{
    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        PublicReads.Applies(httpContext) ? inner.GetTokens(httpContext) : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext)
    {
        if (!PublicReads.Applies(httpContext))
        {
            inner.SetCookieTokenAndHeader(httpContext);
        }
    }
}
