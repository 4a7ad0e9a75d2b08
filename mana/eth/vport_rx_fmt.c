// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CONFIG_VPORT_RX message (docs/device-interface.md §3.10), built in
 * one place for both senders: the Ethernet ports (queues.c through
 * requests.c) and the RSS QPs of mana_ib.  Pure formatting, no device
 * access: the KUnit suite checks it byte by byte.
 */
#include <linux/err.h>
#include <linux/slab.h>

#include "eth.h"

/**
 * mana_vport_rx_req_build() - allocate and fill a CONFIG_VPORT_RX request
 * @cfg: the steering wanted
 * @len: out: request bytes (header, fixed part and the full table)
 *
 * The table always has @cfg->table_size entries.  With @cfg->enable false
 * the request only disables reception: no update flag is set and the key,
 * default object and table stay zero.
 *
 * Return: the request (kfree() it), ERR_PTR(-EINVAL) for a table size of
 * 0 or above MANA_MAX_INDIR_SIZE, an enabled configuration without RQ
 * objects or key, or a table entry naming a missing RQ object;
 * ERR_PTR(-ENOMEM).
 */
struct mana_vport_rx_req *
mana_vport_rx_req_build(const struct mana_vport_rx_cfg *cfg, u32 *len)
{
	u32 n = cfg->table_size, i, sel;
	struct mana_vport_rx_req *req;

	if (!n || n > MANA_MAX_INDIR_SIZE)
		return ERR_PTR(-EINVAL);
	if (cfg->enable && (!cfg->rq_objs || !cfg->num_rq_objs || !cfg->key))
		return ERR_PTR(-EINVAL);

	*len = struct_size(req, indir_tab, n);
	req = kzalloc(*len, GFP_KERNEL);
	if (!req)
		return ERR_PTR(-ENOMEM);

	gdma_init_req_hdr(&req->hdr, MANA_MSG_CONFIG_VPORT_RX, *len,
			  sizeof(struct mana_vport_rx_resp));
	req->hdr.req.msg_version = cpu_to_le16(GDMA_MESSAGE_V2);
	req->vport = cpu_to_le64(cfg->vport);
	req->num_indir_entries = cpu_to_le16(n);
	req->indir_tab_offset = cpu_to_le16(offsetof(struct mana_vport_rx_req,
						     indir_tab));
	req->rx_enable = cpu_to_le32(cfg->enable);
	if (!cfg->enable)
		return req;

	req->rss_enable = cpu_to_le32(cfg->rss);
	req->update_default_rxobj = 1;
	req->default_rxobj = cpu_to_le64(cfg->rq_objs[0]);
	req->update_hashkey = cfg->update_key;
	req->update_indir_tab = cfg->update_table;
	req->cqe_coalescing_enable = cfg->cqe_coalescing;
	memcpy(req->hashkey, cfg->key, MANA_HASH_KEY_SIZE);
	for (i = 0; i < n; i++) {
		sel = cfg->indir ? cfg->indir[i] : i % cfg->num_rq_objs;
		if (sel >= cfg->num_rq_objs) {
			kfree(req);
			return ERR_PTR(-EINVAL);
		}
		req->indir_tab[i] = cpu_to_le64(cfg->rq_objs[sel]);
	}
	return req;
}
EXPORT_SYMBOL_MANA(mana_vport_rx_req_build);
