namespace Agrupa.Data;

/// <summary>
/// A read-only, seekable view of a file that refuses to deliver more than <c>limit</c> bytes in total. A corrupt
/// HDF5 file whose structure loops (an object-header continuation pointing back) makes a parser read the same
/// bytes forever; counting the bytes read turns that hang into a <see cref="DataFormatException"/>.
/// </summary>
internal sealed class ReadLimitStream(FileStream inner, string path, long limit) : Stream
{
    private long _total;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _total += read;
        if (_total > limit)
            throw new DataFormatException(path, $"reading stopped after {_total:N0} bytes, far more than the {inner.Length:N0}-byte file holds: its structure loops (corrupt file).", offset: inner.Position);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
