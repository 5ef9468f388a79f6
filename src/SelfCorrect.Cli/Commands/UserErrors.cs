using SelfCorrect;

namespace SelfCorrect.Cli.Commands;

static class UserErrors
{
    /// <summary>The user-facing error inside <paramref name="e"/>, or null for a real bug.</summary>
    public static Exception? Unwrap(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is UserError or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException)
                return x;
        return null;
    }
}
