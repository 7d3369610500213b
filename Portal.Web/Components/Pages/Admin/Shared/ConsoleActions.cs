using Portal.Core.Domain;

namespace Portal.Web.Components.Pages.Admin.Shared;

/// <summary>
/// Runs a console action and turns the refusals a person can act on (a broken rule, someone
/// else's newer change, a missing role, something gone, a database that cannot be written) into a
/// message for the page; the form keeps what was typed. Anything else is a fault and propagates
/// to the error boundary.
/// </summary>
public static class ConsoleActions
{
    public const string NotSavedMessage = "Not saved: the portal cannot write to its database. Your text is kept.";

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
        catch (Exception problem) when (problem is DatabaseUnavailableException || DatabaseUnavailableException.IsStorageFailure(problem))
        {
            // Also a write outside Core's commit path (an account change through Identity, say).
            return new ConsoleProblem(NotSavedMessage, IsConflict: false);
        }
    }
}

/// <param name="IsConflict">Someone else changed the thing first: reload it, keep what the person typed.</param>
public sealed record ConsoleProblem(string Message, bool IsConflict);
