using System.Globalization;
using System.Security.Cryptography;

namespace Agrupa.Data;

/// <summary>
/// SHA-256 of files, remembered in a small tab-separated file (<c>sha256.tsv</c>: path, size, modification ticks,
/// hash) so a large file is hashed once; a changed size or modification time hashes it again.
/// </summary>
internal sealed class ChecksumCache(string directory)
{
    private readonly string _file = Path.Combine(directory, "sha256.tsv");

    /// <summary>The lower-case hex SHA-256 of <paramref name="path"/>'s bytes, from the cache when still valid.</summary>
    public string Sha256(string path)
    {
        var info = new FileInfo(path);
        string full = info.FullName;
        string size = info.Length.ToString(CultureInfo.InvariantCulture);
        string ticks = info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        Dictionary<string, string[]> entries = Load();
        if (entries.TryGetValue(full, out string[]? entry) && entry[1] == size && entry[2] == ticks) return entry[3];
        string hash;
        using (FileStream stream = File.OpenRead(path)) hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        entries[full] = [full, size, ticks, hash];
        Save(entries);
        return hash;
    }

    private Dictionary<string, string[]> Load()
    {
        var entries = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(_file)) return entries;
            foreach (string line in File.ReadLines(_file))
            {
                string[] parts = line.Split('\t');
                if (parts.Length == 4 && parts[3].Length == 64) entries[parts[0]] = parts;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return entries;
    }

    private void Save(Dictionary<string, string[]> entries)
    {
        try
        {
            string text = string.Concat(entries.Values.Select(e => string.Join('\t', e) + "\n"));
            AtomicFile.Write(_file, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
