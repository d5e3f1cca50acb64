using System.Globalization;
using System.Text;
using Agrupa.Data;

namespace Agrupa.Cli.Commands;

/// <summary>
/// PROVISIONAL, private to <c>agrupa reduce</c>: a minimal CSV/.npy reader and writer written before the data helper's
/// readers (Agrupa.Data CSV/NPY loaders, NpyWriter) were on main. The lead should replace <see cref="Read"/> and
/// <see cref="Write"/> by those when merging; nothing else depends on this file.
/// </summary>
internal static class ReduceFiles
{
    /// <summary>Reads a CSV (header row; numeric columns; a 'label' column becomes labels) or a 2-D .npy file.</summary>
    public static Dataset Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"file not found: {path}", path);
        return Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path);
    }

    private static Dataset ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine() ?? throw new DataFormatException(path, "the file is empty; expected a header row", line: 1);
        string[] names = header.Split(',').Select(n => n.Trim().Trim('"')).ToArray();
        int labelColumn = Array.FindIndex(names, n => n.Equals("label", StringComparison.OrdinalIgnoreCase));
        int features = names.Length - (labelColumn >= 0 ? 1 : 0);
        if (features < 1) throw new DataFormatException(path, "no feature columns in the header", line: 1);
        var values = new List<float>();
        var labels = new List<int>();
        long lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != names.Length)
                throw new DataFormatException(path, $"expected {names.Length} fields as in the header, found {fields.Length}", line: lineNumber);
            for (int c = 0; c < fields.Length; c++)
            {
                if (c == labelColumn)
                {
                    if (!int.TryParse(fields[c], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label))
                        throw new DataFormatException(path, $"label '{fields[c]}' is not an integer", line: lineNumber, column: c + 1);
                    labels.Add(label);
                    continue;
                }
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                    throw new DataFormatException(path, $"'{fields[c]}' is not a finite number", line: lineNumber, column: c + 1);
                values.Add(value);
            }
        }
        if (values.Count == 0) throw new DataFormatException(path, "no data rows after the header", line: lineNumber);
        var featureNames = names.Where((_, c) => c != labelColumn).ToArray();
        return new Dataset(Path.GetFileNameWithoutExtension(path), values.ToArray(), features,
            labelColumn >= 0 ? labels.ToArray() : null, featureNames: featureNames);
    }

    private static Dataset ReadNpy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new DataFormatException(path, "not a .npy file (magic \\x93NUMPY missing)", offset: 0);
        int major = bytes[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int start = (major == 1 ? 10 : 12) + headerLength;
        string header = Encoding.ASCII.GetString(bytes, major == 1 ? 10 : 12, headerLength);
        string descr = Field(header, "descr", path).Trim('\'', '"');
        if (Field(header, "fortran_order", path) != "False") throw new DataFormatException(path, "Fortran-ordered arrays are not supported", offset: 10);
        string shape = Field(header, "shape", path).Trim('(', ')');
        long[] dims = shape.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 2) throw new DataFormatException(path, $"expected a 2-D array, found shape ({shape})", offset: 10);
        long count = dims[0] * dims[1];
        var values = new float[count];
        int size = descr switch { "<f4" => 4, "<f8" => 8, "|u1" => 1, _ => throw new DataFormatException(path, $"unsupported dtype '{descr}' (expected <f4, <f8 or |u1)", offset: 10) };
        if (bytes.Length - start < count * size) throw new DataFormatException(path, $"file holds {bytes.Length - start} data bytes, shape needs {count * size}", offset: start);
        for (long i = 0; i < count; i++)
            values[i] = size switch { 4 => BitConverter.ToSingle(bytes, (int)(start + i * 4)), 8 => (float)BitConverter.ToDouble(bytes, (int)(start + i * 8)), _ => bytes[start + i] };
        return new Dataset(Path.GetFileNameWithoutExtension(path), values, (int)dims[1]);
    }

    private static string Field(string header, string key, string path)
    {
        int at = header.IndexOf($"'{key}':", StringComparison.Ordinal);
        if (at < 0) throw new DataFormatException(path, $"header has no '{key}'", offset: 10);
        int begin = at + key.Length + 3;
        while (begin < header.Length && header[begin] == ' ') begin++;
        int end = header[begin] == '(' ? header.IndexOf(')', begin) + 1 : header.IndexOfAny([',', '}'], begin);
        return header[begin..end].Trim();
    }

    /// <summary>Writes float32 .npy or CSV to a temporary file in the target folder, then moves it over the target.</summary>
    public static void Write(Dataset embedding, string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = File.Create(temporary))
            {
                if (Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase)) WriteNpy(embedding, stream);
                else WriteCsv(embedding, stream);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static void WriteNpy(Dataset embedding, Stream stream)
    {
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({embedding.Count}, {embedding.FeatureCount}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.Features.Span));
    }

    private static void WriteCsv(Dataset embedding, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        int d = embedding.FeatureCount;
        bool labels = embedding.Labels is not null;
        writer.WriteLine(string.Join(',', Enumerable.Range(1, d).Select(i => $"dim_{i}")) + (labels ? ",label" : ""));
        var line = new StringBuilder();
        for (int i = 0; i < embedding.Count; i++)
        {
            line.Clear();
            var row = embedding.Row(i);
            for (int j = 0; j < d; j++)
            {
                if (j > 0) line.Append(',');
                line.Append(row[j].ToString("R", CultureInfo.InvariantCulture));
            }
            if (labels) line.Append(',').Append(embedding.Labels![i].ToString(CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }
}
