using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PureHDF;
using SkiaSharp;

namespace Agrupa.Tests.Data;

/// <summary>Writes small data files of every supported format into a temporary folder (deleted on dispose).</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "agrupa-data-tests", Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Text(string name, string content) => Bytes(name, Encoding.UTF8.GetBytes(content));

    public string Bytes(string name, byte[] content)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(content);
        return memory.ToArray();
    }

    /// <summary>An NPY file with any descr; <paramref name="payload"/> is written as given (already in the dtype's byte order).</summary>
    public static byte[] Npy(string descr, bool fortran, long[] shape, byte[] payload, byte major = 1)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int prefix = major == 1 ? 10 : 12;
        int padding = (64 - (prefix + dict.Length + 1) % 64) % 64;
        byte[] header = Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n");
        using var memory = new MemoryStream();
        memory.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0]);
        if (major == 1) memory.Write(BitConverter.GetBytes((ushort)header.Length));
        else memory.Write(BitConverter.GetBytes((uint)header.Length));
        memory.Write(header);
        memory.Write(payload);
        return memory.ToArray();
    }

    /// <summary>An NPY file with a header string taken as is (for malformed headers); the length field is fitted to it.</summary>
    public static byte[] NpyRaw(byte major, string header, byte[] payload)
    {
        byte[] text = Encoding.ASCII.GetBytes(header);
        using var memory = new MemoryStream();
        memory.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0]);
        memory.Write(BitConverter.GetBytes((ushort)text.Length));
        memory.Write(text);
        memory.Write(payload);
        return memory.ToArray();
    }

    /// <summary>Encodes values in an NPY dtype (kind f/i/u, size, big endian or not).</summary>
    public static byte[] Encode(double[] values, char kind, int size, bool bigEndian)
    {
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> b = bytes.AsSpan(i * size, size);
            double v = values[i];
            switch (kind, size)
            {
                case ('f', 2): if (bigEndian) BinaryPrimitives.WriteHalfBigEndian(b, (Half)v); else BinaryPrimitives.WriteHalfLittleEndian(b, (Half)v); break;
                case ('f', 4): if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(b, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(b, (float)v); break;
                case ('f', 8): if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(b, v); else BinaryPrimitives.WriteDoubleLittleEndian(b, v); break;
                case ('i', 1): b[0] = (byte)(sbyte)v; break;
                case ('u', 1): b[0] = (byte)v; break;
                case ('i', 2): if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(b, (short)v); else BinaryPrimitives.WriteInt16LittleEndian(b, (short)v); break;
                case ('u', 2): if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); break;
                case ('i', 4): if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(b, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); break;
                case ('u', 4): if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)v); break;
                case ('i', 8): if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(b, (long)v); else BinaryPrimitives.WriteInt64LittleEndian(b, (long)v); break;
                case ('u', 8): if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, (ulong)v); else BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)v); break;
                default: throw new ArgumentException($"dtype {kind}{size}");
            }
        }
        return bytes;
    }

    /// <summary>An IDX file of unsigned bytes with the given dimensions.</summary>
    public static byte[] IdxBytes(int[] dimensions, byte[] values, byte type = 0x08)
    {
        using var memory = new MemoryStream();
        memory.Write([0, 0, type, (byte)dimensions.Length]);
        Span<byte> word = stackalloc byte[4];
        foreach (int d in dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, d);
            memory.Write(word);
        }
        memory.Write(values);
        return memory.ToArray();
    }

    /// <summary>A CIFAR-10 batch of <paramref name="records"/> records with labels i % 10 and pixel p = (i + p) % 256.</summary>
    public static byte[] CifarBatch(int records, int labelOffset = 0)
    {
        var bytes = new byte[records * 3073];
        for (int i = 0; i < records; i++)
        {
            bytes[i * 3073] = (byte)((i + labelOffset) % 10);
            for (int p = 0; p < 3072; p++) bytes[i * 3073 + 1 + p] = (byte)((i + p) % 256);
        }
        return bytes;
    }

    /// <summary>A PNG (or JPEG) image whose pixel (x, y) is colour(x, y).</summary>
    public static byte[] Image(int width, int height, Func<int, int, SKColor> colour, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, colour(x, y));
        using SKData data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>An HDF5 file with /train/data (n×d float32) and /train/target (int64), written by PureHDF.</summary>
    public string Hdf5(string name, float[,] data, long[] target, bool chunked = false)
    {
        string path = PathOf(name);
        var file = new H5File
        {
            ["train"] = new H5Group
            {
                ["data"] = chunked ? new H5Dataset(data, chunks: [1, (uint)data.GetLength(1)]) : data,
                ["target"] = target,
            },
            ["note"] = new H5Group { ["text"] = "not numeric" },
        };
        file.Write(path);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
