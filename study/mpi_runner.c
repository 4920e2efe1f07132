/* mpi_runner.c: runs shared among MPI ranks, gathered on rank 0 (mpi_runner.h). */
#include "study/mpi_runner.h"

#include <mpi.h>
#include <string.h>

static void pack_consume(fs_run_result *r, void *data)
{
    const fs_result_schema **schema_and_buf = data;
    fs_run_result_pack(r, schema_and_buf[0], (GByteArray *)schema_and_buf[1]);
}

guint fs_mpi_runner_run(const fs_runner_config *c, int rank, int n_ranks)
{
    GByteArray *mine = g_byte_array_new();
    const void *ctx[2] = {c->schema, mine};
    fs_runner_config local = *c;
    local.rank = (guint)rank;
    local.n_ranks = (guint)n_ranks;
    local.consume = pack_consume;
    local.consume_data = ctx;
    local.stop = NULL;
    local.progress = rank == 0 ? c->progress : NULL;
    guint n_mine = 0;
    fs_runner_run_counted(&local, &n_mine);
    if (rank != 0) {
        /* sizes first: a study's packed results can pass 2 GiB, MPI's int count */
        guint64 size = mine->len;
        MPI_Send(&size, 1, MPI_UINT64_T, 0, 1, MPI_COMM_WORLD);
        for (guint64 off = 0; off < size; off += 1u << 30) {
            int chunk = (int)MIN(size - off, (guint64)(1u << 30));
            MPI_Send(mine->data + off, chunk, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        }
        g_byte_array_free(mine, TRUE);
        return 0;
    }
    GByteArray **bufs = g_new0(GByteArray *, n_ranks);
    bufs[0] = mine;
    for (int r = 1; r < n_ranks; r++) {
        guint64 size;
        MPI_Recv(&size, 1, MPI_UINT64_T, r, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        bufs[r] = g_byte_array_sized_new((guint)size);
        g_byte_array_set_size(bufs[r], (guint)size);
        for (guint64 off = 0; off < size; off += 1u << 30) {
            int chunk = (int)MIN(size - off, (guint64)(1u << 30));
            MPI_Recv(bufs[r]->data + off, chunk, MPI_BYTE, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
    }
    /* merge: run i is the next result in rank i % n_ranks's buffer */
    const guint8 **cur = g_new(const guint8 *, n_ranks);
    for (int r = 0; r < n_ranks; r++)
        cur[r] = bufs[r]->data;
    guint n = c->n_points * c->replications, consumed = 0;
    for (guint i = c->first_run; i < n; i++) {
        int r = (int)(i % (guint)n_ranks);
        const guint8 *end = bufs[r]->data + bufs[r]->len;
        if (cur[r] >= end)
            break;
        fs_run_result res;
        fs_run_result_init(&res, c->schema);
        gboolean ok = fs_run_result_unpack(&res, c->schema, &cur[r], end);
        if (ok)
            c->consume(&res, c->consume_data);
        fs_run_result_clear(&res);
        if (!ok)
            break;
        consumed++;
    }
    for (int r = 0; r < n_ranks; r++)
        g_byte_array_free(bufs[r], TRUE);
    g_free(bufs);
    g_free(cur);
    return consumed;
}
