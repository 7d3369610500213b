namespace Portal.Core.Domain;

public enum StatementState
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Published = 3,
    Withdrawn = 4,
}
