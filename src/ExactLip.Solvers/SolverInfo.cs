namespace ExactLip.Solvers;

/// <summary>What the registry knows about one back end on this machine.</summary>
/// <param name="Name">The name users type after --solver.</param>
/// <param name="IsAvailable">Whether its library loads.</param>
/// <param name="Version">The library's own version string, when available.</param>
/// <param name="LibraryPath">The file the library was loaded from, when known.</param>
/// <param name="Reason">When unavailable, one sentence saying how to install it.</param>
public sealed record SolverInfo(string Name, bool IsAvailable, string? Version, string? LibraryPath, string? Reason);
