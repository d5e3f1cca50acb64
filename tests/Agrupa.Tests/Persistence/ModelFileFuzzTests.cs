using System.Buffers.Binary;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Tests.Neural;

namespace Agrupa.Tests.Persistence;

/// <summary>
/// Mutated model files (truncations, bit flips, forged sizes with valid checksums, foreign files, newer versions) are
/// all rejected with a <see cref="DataFormatException"/> naming the file: never another exception, a hang or a huge
/// allocation.
/// </summary>
public sealed class ModelFileFuzzTests
{
    private static readonly Lazy<byte[]> Valid = new(() =>
    {
        var data = NeuralTestData.Blobs(n: 40, d: 16);
        using var model = new AutoencoderReducer(new AutoencoderReducerOptions
        {
            Network = new DenseAutoencoderOptions { Inputs = 16, HiddenSizes = [8], EmbeddingSize = 2 },
            Training = new TrainerOptions { Epochs = 1, BatchSize = 20 },
        }).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-fuzz-{Guid.NewGuid():N}.agrupa");
        try
        {
            model.Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    });

    public static IEnumerable<object[]> Mutations()
    {
        byte[] valid = Valid.Value;
        var random = new Random(20261125);
        var cases = new List<(string, byte[])>
        {
            ("empty", []),
            ("one byte", [0x89]),
            ("text file", ModelFileTests.Ascii("label,x,y\n1,2,3\n")),
            ("png header", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]),
            ("zeros", new byte[4096]),
            ("magic only", valid[..8]),
            ("preamble only", valid[..ModelFile.PreambleSize]),
            ("trailing garbage", [.. valid, 1, 2, 3]),
            ("format 0", Patch(valid, 8, [0, 0])),
            ("newer reader needed", Patch(valid, 8, [9, 0, 9, 0])),
            ("oldest reader above version", Patch(valid, 8, [1, 0, 2, 0])),
            ("unknown flags", Patch(valid, 12, [1, 0, 0, 0])),
            ("payload length huge", Patch(valid, 16, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])),
            ("payload length short", Patch(valid, 16, BitConverter.GetBytes((ulong)(valid.Length - ModelFile.PreambleSize - 1)))),
        };
        foreach (double fraction in new[] { 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99 })
            cases.Add(($"truncated at {fraction:P0}", valid[..(int)(valid.Length * fraction)]));
        cases.Add(("truncated by one byte", valid[..^1]));
        for (int i = 0; i < 16; i++)
        {
            int position = random.Next(valid.Length);
            byte[] flipped = (byte[])valid.Clone();
            flipped[position] ^= (byte)(1 << random.Next(8));
            cases.Add(($"bit flip at {position}", flipped));
        }
        // Forged payloads with a correct checksum: the structural checks must catch them.
        int payload = ModelFile.PreambleSize;
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(valid.AsSpan(payload));
        int arrays = payload + 4 + (int)headerLength;
        int firstArray = arrays + 4;
        ushort nameLength = BinaryPrimitives.ReadUInt16LittleEndian(valid.AsSpan(firstArray));
        int typeAt = firstArray + 2 + nameLength;
        cases.Add(("header length huge", ModelFileTests.Rehash(Patch(valid, payload, [0xFF, 0xFF, 0xFF, 0x7F]))));
        cases.Add(("header length past end", ModelFileTests.Rehash(Patch(valid, payload, BitConverter.GetBytes(valid.Length)))));
        cases.Add(("header not json", ModelFileTests.Rehash(Patch(valid, payload + 4, ModelFileTests.Ascii("{{{{")))));
        cases.Add(("header json array", ModelFileTests.Rehash(Patch(valid, payload + 4, ModelFileTests.Ascii("[")))));
        cases.Add(("array count huge", ModelFileTests.Rehash(Patch(valid, arrays, [0xFF, 0xFF, 0xFF, 0xFF]))));
        cases.Add(("array count one more", ModelFileTests.Rehash(Patch(valid, arrays, BitConverter.GetBytes(BinaryPrimitives.ReadUInt32LittleEndian(valid.AsSpan(arrays)) + 1)))));
        cases.Add(("array count zero", ModelFileTests.Rehash(Patch(valid, arrays, [0, 0, 0, 0]))));
        cases.Add(("name length zero", ModelFileTests.Rehash(Patch(valid, firstArray, [0, 0]))));
        cases.Add(("name length huge", ModelFileTests.Rehash(Patch(valid, firstArray, [0xFF, 0xFF]))));
        cases.Add(("name not utf-8", ModelFileTests.Rehash(Patch(valid, firstArray + 2, [0xC3, 0x28]))));
        cases.Add(("element type 0", ModelFileTests.Rehash(Patch(valid, typeAt, [0]))));
        cases.Add(("element type 200", ModelFileTests.Rehash(Patch(valid, typeAt, [200]))));
        cases.Add(("element type int32 instead of float", ModelFileTests.Rehash(Patch(valid, typeAt, [2]))));
        cases.Add(("element type bytes", ModelFileTests.Rehash(Patch(valid, typeAt, [3]))));
        cases.Add(("rank 200", ModelFileTests.Rehash(Patch(valid, typeAt + 1, [200]))));
        cases.Add(("rank 0", ModelFileTests.Rehash(Patch(valid, typeAt + 1, [0]))));
        cases.Add(("dimension negative", ModelFileTests.Rehash(Patch(valid, typeAt + 2, BitConverter.GetBytes(-5L)))));
        cases.Add(("dimension huge", ModelFileTests.Rehash(Patch(valid, typeAt + 2, BitConverter.GetBytes(long.MaxValue)))));
        cases.Add(("dimension 2^40", ModelFileTests.Rehash(Patch(valid, typeAt + 2, BitConverter.GetBytes(1L << 40)))));
        cases.Add(("dimension one more", ModelFileTests.Rehash(Patch(valid, typeAt + 2, BitConverter.GetBytes(BinaryPrimitives.ReadInt64LittleEndian(valid.AsSpan(typeAt + 2)) + 1)))));
        cases.Add(("dimension zero", ModelFileTests.Rehash(Patch(valid, typeAt + 2, BitConverter.GetBytes(0L)))));
        cases.Add(("payload truncated with valid hash", ModelFileTests.Rehash(valid[..^7])));
        cases.Add(("payload extended with valid hash", ModelFileTests.Rehash([.. valid, 0, 0, 0, 0])));
        for (int i = 0; i < 12; i++)
        {
            byte[] garbled = (byte[])valid.Clone();
            int start = payload + 4 + random.Next((int)headerLength - 8); // inside the JSON header
            for (int j = 0; j < 8; j++) garbled[start + j] = (byte)random.Next(256);
            cases.Add(($"garbled header at {start} with valid hash", ModelFileTests.Rehash(garbled)));
        }
        foreach (string json in new[]
        {
            "{\"kind\":\"autoencoder\"}",
            "{\"kind\":\"autoencoder\",\"network\":{\"type\":\"dense\",\"inputs\":-3}}",
            "{\"kind\":\"autoencoder\",\"network\":{\"type\":\"warp\"}}",
            "{\"kind\":\"autoencoder\",\"network\":{\"type\":\"System.Diagnostics.Process\"}}",
            "{\"kind\":\"autoencoder\",\"network\":{\"type\":\"dense\",\"inputs\":16,\"hiddenSizes\":[9],\"embeddingSize\":2}}",
            "{\"kind\":\"autoencoder\",\"network\":{\"type\":\"conv\",\"image\":{\"channels\":1,\"height\":2,\"width\":2}}}",
            "{\"kind\":\"autoencoder\",\"network\":{\"type\":\"dense\",\"inputs\":16,\"hiddenSizes\":[8],\"embeddingSize\":2},\"history\":[{\"epoch\":\"x\"}]}",
            "{\"kind\":\"autoencoder\",\"network\":[1,2]}",
            "{\"kind\":42}",
            "{\"kind\":\"kmeans\"}",
        })
            cases.Add(($"header {json}", WithHeader(valid, json)));
        return cases.Select(c => new object[] { c.Item1, c.Item2 });
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void MutatedFileIsRejectedCleanly(string mutation, byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-fuzz-{Guid.NewGuid():N}.agrupa");
        File.WriteAllBytes(path, bytes);
        try
        {
            long before = GC.GetTotalAllocatedBytes();
            var error = Assert.Throws<DataFormatException>(() => { using var _ = AutoencoderModel.Load(path); });
            Assert.Contains(path, error.Message);
            Assert.True(error.Detail.Length > 10, $"{mutation}: uninformative message '{error.Message}'");
            Assert.True(GC.GetTotalAllocatedBytes() - before < 64L << 20, $"{mutation}: allocated {(GC.GetTotalAllocatedBytes() - before) >> 20} MB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EnoughDistinctMutations() => Assert.True(Mutations().Count() >= 50);

    [Fact]
    public void TheUnmutatedFileLoads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agrupa-fuzz-{Guid.NewGuid():N}.agrupa");
        File.WriteAllBytes(path, Valid.Value);
        try
        {
            using var model = AutoencoderModel.Load(path);
            Assert.Equal(16, model.InputSize);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Patch(byte[] source, int offset, byte[] values)
    {
        byte[] copy = (byte[])source.Clone();
        values.CopyTo(copy, offset);
        return copy;
    }

    /// <summary>A valid container (correct checksum) whose JSON header is <paramref name="json"/>, arrays kept.</summary>
    private static byte[] WithHeader(byte[] valid, string json)
    {
        int payload = ModelFile.PreambleSize;
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(valid.AsSpan(payload));
        byte[] header = ModelFileTests.Ascii(json);
        byte[] rest = valid[(payload + 4 + (int)headerLength)..];
        byte[] result = [.. valid[..payload], .. BitConverter.GetBytes((uint)header.Length), .. header, .. rest];
        return ModelFileTests.Rehash(result);
    }
}
