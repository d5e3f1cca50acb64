namespace Agrupa.Data;

/// <summary>One entry of <see cref="DatasetCatalog"/>: what the set is, where it comes from and whether it is here.</summary>
/// <param name="Name">Catalogue name (e.g. "fashion-mnist").</param>
/// <param name="Description">One line: what the rows are and the reference.</param>
/// <param name="Source">Where it comes from ("embedded", a Debian package, a user folder).</param>
/// <param name="Rows">Number of rows when complete.</param>
/// <param name="Features">Features per row.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="ImageShape">Image shape, or null.</param>
/// <param name="Location">The file or folder it is read from, or null when embedded or absent.</param>
/// <param name="IsPresent">True when it can be loaded now.</param>
/// <param name="HowToGet">What to do when absent (a command or the folder layout expected).</param>
public sealed record DatasetInfo(string Name, string Description, string Source, int Rows, int Features, int Classes,
    ImageShape? ImageShape, string? Location, bool IsPresent, string HowToGet);
