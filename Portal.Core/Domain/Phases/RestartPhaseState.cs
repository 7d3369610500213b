namespace Portal.Core.Domain;

public enum RestartPhaseState
{
    Planned = 0,
    InProgress = 1,
    Complete = 2,
}
