using Microsoft.AspNetCore.Components.Web;

namespace Portal.Web.PublicReads;

/// <summary>
/// Tells <see cref="PublicReadMiddleware"/> that a page's error boundary caught a failure while the page
/// was rendered for this request, so the message it shows is neither cached nor kept as a good render.
/// </summary>
internal sealed class PublicReadErrorBoundaryLogger(IErrorBoundaryLogger inner, IHttpContextAccessor accessor) : IErrorBoundaryLogger
{
    public ValueTask LogErrorAsync(Exception exception)
    {
        if (accessor.HttpContext is { } context)
        {
            context.Items[PublicReadMiddleware.RenderFailed] = true;
        }

        return inner.LogErrorAsync(exception);
    }
}
