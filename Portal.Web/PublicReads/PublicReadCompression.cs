using Microsoft.AspNetCore.ResponseCompression;

namespace Portal.Web.PublicReads;

/// <summary>
/// Compresses public reads only. An answer for a signed-in person or a form page can hold a secret (an
/// antiforgery token, private data) beside text an attacker chooses, which compression would leak
/// (BREACH); a public read holds neither. Static files come precompressed from their own endpoints.
/// </summary>
internal sealed class PublicReadCompression(IResponseCompressionProvider inner) : IResponseCompressionProvider
{
    public ICompressionProvider? GetCompressionProvider(HttpContext context) => inner.GetCompressionProvider(context);

    public bool ShouldCompressResponse(HttpContext context) => PublicReads.Applies(context) && inner.ShouldCompressResponse(context);

    public bool CheckRequestAcceptsCompression(HttpContext context) => PublicReads.Applies(context) && inner.CheckRequestAcceptsCompression(context);
}
