"""Issue 22: communities that mean something on the sample's five projects (they were five
one-project communities: each project's own targets and metrics outvoted what it shares)."""

from __future__ import annotations

from kg.analyze import communities


def test_the_sample_splits_into_party_member_education_and_civil_service_work(view):
    rows = communities(view).dicts()
    assert [(row["size"], row["projects"].split(" | ")) for row in rows] == [
        (3, ["公务员公开招考、公开遴选和公开选调及教育培训工作经费", "公务员奖励和绩效管理工作经费",
             "市委组织部调研、基层党建、干部管理、干部教育、干部监督、人才等工作经费"]),
        (2, ["“天津党建”数字化平台内容维护经费", "市委组织部履职提升项目经费"]),
    ]
    # what ties each group, and never the unit all five share
    assert rows[1]["shared"] == "≥20万人次、党员、服务党员教育、项目实际成本"
    assert "中共天津市委组织部" not in rows[0]["shared"] + rows[1]["shared"]


def test_a_project_that_shares_nothing_is_a_community_of_its_own(view):
    from dataclasses import replace

    from scipy import sparse

    # a sixth project whose one metric no other project has
    wider = sparse.hstack([view.matrix, sparse.csr_matrix((len(view.projects), 1))])
    own = sparse.csr_matrix(([1.0], ([0], [len(view.nodes)])), shape=(1, len(view.nodes) + 1))
    lonely = replace(view, projects=[*view.projects, "urn:kg:lonely"], project_labels=[*view.project_labels, "孤立项目"],
                     nodes=[*view.nodes, "urn:kg:metric"], kinds=[*view.kinds, "metric"], labels=[*view.labels, "孤立指标"],
                     matrix=sparse.vstack([wider, own]).tocsr())
    rows = communities(lonely).dicts()
    assert [(r["projects"], r["size"], r["top_metrics"], r["shared"]) for r in rows][-1] == ("孤立项目", 1, "孤立指标", "")
    assert sum(row["size"] for row in rows) == 6
