using Portal.Core.Domain;

namespace Portal.Web.Components.Pages.Admin.Shared;

/// <summary>
/// Runs a console action and turns the refusals a person can act on (a broken rule, someone
/// else's newer change, a missing role, something gone) into a message for the page. Anything
/// else is a fault and propagates to the error boundary.
/// </summary>
public static class ConsoleActions
{
    public static async Task<ConsoleProblem?> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException problem)
        {
            return new ConsoleProblem(problem.Message, IsConflict: false);
        }
        catch (ConcurrencyConflictException problem)
        {
            return new ConsoleProblem(problem.Message, IsConflict: true);
        }
        catch (ForbiddenException problem)
        {
            return new ConsoleProblem(problem.Message, IsConflict: false);
        }
        catch (NotFoundException problem)
        {
            return new ConsoleProblem(problem.Message, IsConflict: false);
        }
    }
}

/// <param name="IsConflict">Someone else changed the thing first: reload it, keep what the person typed.</param>
public sealed record ConsoleProblem(string Message, bool IsConflict);
