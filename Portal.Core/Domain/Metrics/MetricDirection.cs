namespace Portal.Core.Domain;

/// <summary>
/// Which way a metric should go, so that a change can be told to viewers as better or worse
/// ("550 more than yesterday · worse") rather than left for them to guess.
/// </summary>
public enum MetricDirection
{
    /// <summary>A rise is neither good nor bad news (a count of sites, say): a change is told without a verdict.</summary>
    Neutral,

    /// <summary>A rise is good news (invoices paid, plants running).</summary>
    HigherIsBetter,

    /// <summary>A rise is bad news (a backlog, open tickets).</summary>
    HigherIsWorse,
}
