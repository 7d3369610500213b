namespace Portal.Core.Domain;

/// <summary>
/// An item that only the viewers in at least one of its <see cref="Audiences"/> may see. Queries
/// over these items filter with <see cref="AudienceVisibility.VisibleTo{T}(IQueryable{T}, Viewer)"/>.
/// </summary>
public interface IAudienceRestricted
{
    /// <summary>The normalised keys of the audiences the item is aimed at; never empty.</summary>
    List<string> Audiences { get; }
}
