using System.Security.Cryptography;
using System.Text;
using Agrupa.Data;
using SkiaSharp;

namespace Agrupa.Tests.Data.Fuzz;

/// <summary>
/// Seeded mutation fuzzer for every reader: starts from small valid files (CSV, NPY, IDX plain and .gz, HDF5,
/// PNG/JPEG folders, CIFAR-10 batches), applies 1–3 mutations (truncation, bit flips, byte overwrites, inserted,
/// deleted or duplicated ranges, appended garbage, empty file, and format-aware ones: wrong headers, huge or zero
/// declared sizes, wrong dtypes, NaN/Inf, ragged rows, non-UTF-8, 0 or 1 rows) and checks the contract: the reader
/// returns a consistent data set or throws a <see cref="DataFormatException"/> whose message names the file, within a
/// time limit and without allocating more than a bound. Each distinct input (by SHA-256) is tried once.
/// </summary>
internal sealed class ReaderFuzzer(string root, int seed)
{
    /// <summary>Allocation bound for one tiny input: far above what a correct reader needs, far below a blow-up.</summary>
    public const long MaxAllocatedBytes = 256L << 20;

    private readonly Random _random = new(seed);

    /// <summary>Growth of the process's peak resident set during one input above which a third-party parser's input
    /// is recorded as a memory spike (reported, documented PureHDF limit).</summary>
    public const long SpikeResidentGrowth = 512L << 20;

    /// <summary>Growth that breaks the contract even for a third-party parser: more than PureHDF's 2 GiB bound.</summary>
    public const long MaxResidentGrowth = 2560L << 20;

    /// <summary>A format under test. <paramref name="ThirdPartyParser"/>: PureHDF reserves a buffer of a declared
    /// length before it checks the file bounds (up to 2 GiB of untouched virtual memory), so for HDF5 the bound is on
    /// the resident set, not on allocated bytes.</summary>
    public sealed record Format(string Name, string FileName, byte[] Valid, Func<string, Dataset> Read, Func<Random, byte[], byte[]>? Structured, bool IsFolder = false, bool ThirdPartyParser = false);

    public sealed class Report
    {
        public int Tried { get; set; }
        public int Valid { get; set; }
        public int Rejected { get; set; }
        public Dictionary<string, int> RejectedByFormat { get; } = [];
        public List<string> Failures { get; } = [];
        public List<string> MemorySpikes { get; } = [];
        public double SlowestSeconds { get; set; }
        public string SlowestInput { get; set; } = "";
        public long LargestAllocation { get; set; }
    }

    public IReadOnlyList<Format> Formats() =>
    [
        new("csv", "data.csv", "a,b,label\n1.5,2,0\n3,4,1\n-1e3,0.25,2\n"u8.ToArray(), p => CsvReader.Read(p), MutateCsv),
        new("csv-strings", "data.txt", "5.1 3.5 Iris-setosa\n4.9 3.0 Iris-virginica\n"u8.ToArray(), p => CsvReader.Read(p, new CsvReadOptions { LabelColumnIndex = -1 }), MutateCsv),
        new("npy-f4", "data.npy", TestFiles.Npy("<f4", false, [3, 2], TestFiles.Encode([1, 2, 3, 4, 5, 6], 'f', 4, false)), p => NpyReader.Read(p), MutateNpy),
        new("npy-f8-big-fortran", "data.npy", TestFiles.Npy(">f8", true, [2, 3], TestFiles.Encode([1, 2, 3, 4, 5, 6], 'f', 8, true)), p => NpyReader.Read(p), MutateNpy),
        new("npy-u1-3d-gz", "data.npy.gz", TestFiles.Gzip(TestFiles.Npy("|u1", false, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])), p => NpyReader.Read(p), null),
        new("idx", "images-idx3-ubyte", TestFiles.IdxBytes([2, 3, 3], Enumerable.Range(0, 18).Select(i => (byte)(i * 13)).ToArray()), p => IdxReader.Read(p), MutateIdx),
        new("idx-float", "floats.idx", TestFiles.IdxBytes([2, 2], TestFiles.Encode([1, 2, 3, 4], 'f', 4, true), 0x0D), p => IdxReader.Read(p), MutateIdx),
        new("idx-gz", "images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.IdxBytes([2, 3, 3], Enumerable.Range(0, 18).Select(i => (byte)i).ToArray())), p => IdxReader.Read(p), null),
        new("idx-labels", "labels-idx1-ubyte", TestFiles.IdxBytes([4], [0, 1, 2, 9]), p => new Dataset("l", IdxReader.ReadLabels(p).Select(l => (float)l).ToArray(), 1), MutateIdx),
        new("hdf5", "data.h5", Hdf5Bytes(false), p => Hdf5Reader.Read(p, "/train/data"), null, ThirdPartyParser: true),
        new("hdf5-chunked", "data.h5", Hdf5Bytes(true), p => Hdf5Reader.Read(p, "/train/data"), null, ThirdPartyParser: true),
        new("png-folder", "img.png", TestFiles.Image(5, 4, (x, y) => new SKColor((byte)(x * 40), (byte)(y * 60), 7)), p => ImageFolderReader.Read(Path.GetDirectoryName(p)!), null, IsFolder: true),
        new("jpeg-folder", "img.jpg", TestFiles.Image(8, 8, (x, y) => new SKColor((byte)(x * 30), 0, (byte)(y * 30)), SKEncodedImageFormat.Jpeg), p => ImageFolderReader.Read(Path.GetDirectoryName(p)!), null, IsFolder: true),
        new("cifar", "data_batch_1.bin", TestFiles.CifarBatch(2), p => CifarReader.ReadBatches([p]), MutateCifar),
    ];

    /// <summary>Runs <paramref name="perFormat"/> distinct mutated inputs for each format.</summary>
    public Report Run(int perFormat, TimeSpan timeout)
    {
        var report = new Report();
        foreach (Format format in Formats())
        {
            // The valid file must read: the baseline of every mutation.
            string baseline = Write(format, format.Valid, "baseline");
            Dataset valid = format.Read(baseline);
            if (valid.Count < 1) report.Failures.Add($"{format.Name}: the valid file read as {valid.Count} rows");
            var seen = new HashSet<string>();
            int attempts = 0;
            while (seen.Count < perFormat && attempts++ < perFormat * 20)
            {
                (byte[] input, string how) = Mutate(format);
                if (!seen.Add(Convert.ToHexString(SHA256.HashData(input)))) continue;
                string path = Write(format, input, $"{seen.Count}");
                Check(format, path, how, input, timeout, report);
            }
        }
        return report;
    }

    private void Check(Format format, string path, string how, byte[] input, TimeSpan timeout, Report report)
    {
        report.Tried++;
        int failuresBefore = report.Failures.Count;
        CheckOne(format, path, how, input, timeout, report);
        if (report.Failures.Count > failuresBefore && Environment.GetEnvironmentVariable("AGRUPA_FUZZ_CRASH_DIR") is { Length: > 0 } crashes)
        {
            Directory.CreateDirectory(crashes);
            File.WriteAllBytes(Path.Combine(crashes, $"{format.Name}-{report.Tried}-{Path.GetFileName(path)}"), input);
        }
    }

    private void CheckOne(Format format, string path, string how, byte[] input, TimeSpan timeout, Report report)
    {
        long allocated = 0;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        long peakBefore = process.PeakWorkingSet64;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var task = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                return format.Read(path);
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });
        string where = $"{format.Name} [{how}] ({input.Length} bytes, {path})";
        bool finished;
        try
        {
            finished = task.Wait(timeout);
        }
        catch (AggregateException)
        {
            finished = true;
        }
        if (clock.Elapsed.TotalSeconds > report.SlowestSeconds)
        {
            report.SlowestSeconds = clock.Elapsed.TotalSeconds;
            report.SlowestInput = where;
        }
        if (!finished)
        {
            report.Failures.Add($"HANG > {timeout.TotalSeconds} s: {where}");
            return;
        }
        if (format.ThirdPartyParser)
        {
            process.Refresh();
            long growth = process.PeakWorkingSet64 - peakBefore;
            if (growth > MaxResidentGrowth) report.Failures.Add($"peak resident set grew by {growth:N0} bytes: {where}");
            else if (growth > SpikeResidentGrowth) report.MemorySpikes.Add($"peak resident set grew by {growth:N0} bytes: {where}");
        }
        else
        {
            report.LargestAllocation = Math.Max(report.LargestAllocation, allocated);
            if (allocated > MaxAllocatedBytes) report.Failures.Add($"allocated {allocated:N0} bytes: {where}");
        }
        if (task.IsFaulted)
        {
            Exception error = task.Exception!.InnerExceptions[0];
            string named = format.IsFolder ? Path.GetDirectoryName(path)! : path;
            if (error is DataFormatException data && data.Message.Contains(named, StringComparison.Ordinal))
            {
                report.Rejected++;
                report.RejectedByFormat[format.Name] = report.RejectedByFormat.GetValueOrDefault(format.Name) + 1;
            }
            else report.Failures.Add($"{error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")} — {where}");
            return;
        }
        Dataset result = task.Result;
        string? broken = Inconsistent(result);
        if (broken is null) report.Valid++;
        else report.Failures.Add($"inconsistent data set ({broken}): {where}");
    }

    /// <summary>What a returned data set must satisfy: rows and features, finite values (NaN not allowed by default), labels in range.</summary>
    private static string? Inconsistent(Dataset data)
    {
        if (data.Count < 1 || data.FeatureCount < 1) return $"{data.Count}×{data.FeatureCount}";
        foreach (float v in data.Features.Span) if (!float.IsFinite(v)) return "non-finite value";
        if (data.Labels is { } labels && labels.Any(l => l < -1 || (data.ClassNames is { } names && l >= names.Count))) return "label out of range";
        return null;
    }

    private string Write(Format format, byte[] content, string tag)
    {
        string folder = Path.Combine(root, format.Name, tag);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, format.FileName);
        File.WriteAllBytes(path, content);
        if (format.IsFolder && tag != "baseline") File.WriteAllBytes(Path.Combine(folder, "0-valid" + Path.GetExtension(format.FileName)), format.Valid);
        return path;
    }

    private (byte[] Input, string How) Mutate(Format format)
    {
        byte[] data = format.Valid;
        var how = new List<string>();
        int count = 1 + _random.Next(3);
        for (int m = 0; m < count; m++)
        {
            // Format-aware mutations parse the file, so they only apply first, to the valid file.
            int op = m == 0 && format.Structured is not null ? _random.Next(13) : _random.Next(9);
            (data, string name) = op switch
            {
                0 => Truncate(data),
                1 => FlipBits(data),
                2 => Overwrite(data),
                3 => Insert(data),
                4 => Delete(data),
                5 => Duplicate(data),
                6 => ([.. data, .. RandomBytes(1 + _random.Next(64))], "append"),
                7 => (Array.Empty<byte>(), "empty"),
                8 => FlipBits(data),
                _ => (format.Structured!(_random, data), "structured"),
            };
            how.Add(name);
        }
        return (data, string.Join("+", how));
    }

    private (byte[], string) Truncate(byte[] data) => (data.Length == 0 ? data : data[.._random.Next(data.Length)], "truncate");

    private (byte[], string) FlipBits(byte[] data)
    {
        if (data.Length == 0) return (data, "flip");
        byte[] copy = (byte[])data.Clone();
        int flips = 1 + _random.Next(8);
        for (int i = 0; i < flips; i++) copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        return (copy, "flip");
    }

    private (byte[], string) Overwrite(byte[] data)
    {
        if (data.Length == 0) return (data, "overwrite");
        byte[] copy = (byte[])data.Clone();
        byte[] extremes = [0x00, 0xFF, 0x7F, 0x80, 0x7F, 0xFF];
        int at = _random.Next(copy.Length);
        int length = Math.Min(copy.Length - at, 1 + _random.Next(8));
        for (int i = 0; i < length; i++) copy[at + i] = _random.Next(2) == 0 ? extremes[_random.Next(extremes.Length)] : (byte)_random.Next(256);
        return (copy, "overwrite");
    }

    private (byte[], string) Insert(byte[] data)
    {
        int at = _random.Next(data.Length + 1);
        return ([.. data[..at], .. RandomBytes(1 + _random.Next(16)), .. data[at..]], "insert");
    }

    private (byte[], string) Delete(byte[] data)
    {
        if (data.Length < 2) return (data, "delete");
        int at = _random.Next(data.Length);
        int length = 1 + _random.Next(Math.Min(32, data.Length - at));
        return ([.. data[..at], .. data[(at + length)..]], "delete");
    }

    private (byte[], string) Duplicate(byte[] data)
    {
        if (data.Length < 2) return (data, "duplicate");
        int at = _random.Next(data.Length);
        int length = 1 + _random.Next(Math.Min(64, data.Length - at));
        return ([.. data[..(at + length)], .. data[at..]], "duplicate");
    }

    private byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] MutateCsv(Random random, byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        var lines = text.Split('\n').ToList();
        int line = random.Next(lines.Count);
        string[] replacements = ["nan", "inf", "-inf", "NaN", "Infinity", "1e39", "-1e400", "", "abc", "1,5", "0x10", "\"", "\"1\"x", "１", "1e", "--1", "∞"];
        switch (random.Next(12))
        {
            case 0: lines[line] += ",7"; break;                                   // ragged: one field more
            case 1: lines[line] = lines[line].Contains(',') ? lines[line][..lines[line].LastIndexOf(',')] : ""; break; // one field fewer
            case 2:
            {
                string[] fields = lines[line].Split(',');
                fields[random.Next(fields.Length)] = replacements[random.Next(replacements.Length)];
                lines[line] = string.Join(',', fields);
                break;
            }
            case 3: return [.. data[..random.Next(data.Length)], 0xC3, 0x28, .. data[random.Next(data.Length)..]]; // invalid UTF-8
            case 4: return [0xFF, 0xFE, .. data];                                  // UTF-16 BOM
            case 5: lines = lines.Take(1).ToList(); break;                         // header only
            case 6: lines = lines.Take(2).ToList(); break;                         // one row
            case 7: lines[line] = lines[line].Replace(',', ';'); break;            // mixed delimiters
            case 8: lines.Insert(line, "\0\0\0"); break;                           // binary junk
            case 9: lines = Enumerable.Repeat(lines[0], 1 + random.Next(3)).ToList(); break; // repeated header
            case 10: lines[line] = new string('9', 400); break;                   // absurd number
            default: lines.Insert(line, "\"unterminated,1,2"); break;
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] MutateNpy(Random random, byte[] data)
    {
        int headerLength = BitConverter.ToUInt16(data, 8);
        string header = Encoding.ASCII.GetString(data, 10, headerLength);
        byte[] payload = data[(10 + headerLength)..];
        string[] shapes = ["(0, 3)", "(3, 0)", "()", "(6,)", "(100000, 100000)", "(2147483648, 2)", "(99999999999999999999, 1)", "(-1, 2)", "(3, 2, 1, 1, 1)", "(a, b)", "(1, 6)", "(4, 2)"];
        string[] descrs = ["<f4", ">f4", "<f8", "|u1", "<i8", "<c8", "|b1", "<U3", "|O", "<f16", "<V8", "x", "<f2", "<i3"];
        switch (random.Next(6))
        {
            case 0: header = System.Text.RegularExpressions.Regex.Replace(header, @"'shape': \([^)]*\)", $"'shape': {shapes[random.Next(shapes.Length)]}"); break;
            case 1: header = System.Text.RegularExpressions.Regex.Replace(header, @"'descr': '[^']*'", $"'descr': '{descrs[random.Next(descrs.Length)]}'"); break;
            case 2: header = header.Replace("False", "True").Replace("'fortran_order': True", random.Next(2) == 0 ? "'fortran_order': False" : "'fortran_order': Maybe"); break;
            case 3:
            {
                payload = (byte[])payload.Clone();
                if (payload.Length >= 4) BitConverter.GetBytes(random.Next(2) == 0 ? float.NaN : float.PositiveInfinity).CopyTo(payload, random.Next(payload.Length / 4) * 4);
                break;
            }
            case 4: return [.. data[..8], .. BitConverter.GetBytes((ushort)random.Next(65536)), .. data[10..]];   // wrong header length
            default: header = header.Replace("{", "").Replace("'shape'", "'shaep'"); break;
        }
        return TestFiles.NpyRaw(data[6], header, payload);
    }

    private static byte[] MutateIdx(Random random, byte[] data)
    {
        byte[] copy = (byte[])data.Clone();
        int rank = copy.Length > 3 ? copy[3] : 0;
        int[] values = [0, -1, int.MaxValue, int.MinValue, 60000, 1 << 20, 1, 2, 3];
        switch (random.Next(4))
        {
            case 0 when rank > 0 && copy.Length >= 4 + 4 * rank:
            {
                int k = random.Next(rank);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(4 + 4 * k, 4), values[random.Next(values.Length)]);
                return copy;
            }
            case 1: copy[2] = (byte)random.Next(256); return copy;            // data type
            case 2: copy[3] = (byte)random.Next(12); return copy;             // rank
            default:
                if (copy[2] == 0x0D && copy.Length >= 4 + 4 * rank + 4)
                    System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(copy.AsSpan(4 + 4 * rank, 4), float.NaN);
                else copy[^1] = 0xFF;
                return copy;
        }
    }

    private static byte[] MutateCifar(Random random, byte[] data)
    {
        byte[] copy = (byte[])data.Clone();
        switch (random.Next(3))
        {
            case 0: copy[3073 * random.Next(2)] = (byte)(10 + random.Next(246)); return copy;
            case 1: return copy[..^(1 + random.Next(3072))];
            default: return [.. copy, .. new byte[1 + random.Next(3072)]];
        }
    }

    private static byte[] Hdf5Bytes(bool chunked)
    {
        string temporary = Path.Combine(Path.GetTempPath(), $"agrupa-fuzz-{Guid.NewGuid():N}.h5");
        try
        {
            var data = new float[3, 4];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) data[i, j] = i + j / 4f;
            new PureHDF.H5File
            {
                ["train"] = new PureHDF.H5Group
                {
                    ["data"] = chunked ? new PureHDF.H5Dataset(data, chunks: [1, 4]) : data,
                    ["target"] = new long[] { 0, 1, 2 },
                },
            }.Write(temporary);
            return File.ReadAllBytes(temporary);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
